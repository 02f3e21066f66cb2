// Snapshots beside the log: saved in their own transaction, the newest two kept, never a batch.

#include "store/event_store.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

using namespace tent::store;
using tent::store::test::TempDir;

namespace {

// Bytes a text column would mangle or cut: NULs and invalid UTF-8.
std::string const binary("MTSN\0\x01\xff\xfe\0tail", 14);

std::int64_t count(Database const& db, std::string const& sql) {
  auto select = db.prepare(sql);
  select.step();
  return select.column_int64(0);
}

}  // namespace

TEST_CASE("A store without snapshots has none", "[store]") {
  EventStore store(":memory:");
  CHECK_FALSE(store.latest_snapshot());
  store.append(10, "[]");
  CHECK_FALSE(store.latest_snapshot());
  CHECK(store.latest_snapshot_seq() == 0);
}

TEST_CASE("A saved snapshot reads back byte for byte, and is no batch", "[store]") {
  EventStore store(":memory:");
  store.append(10, "[]");
  store.append(20, "[]");
  store.save_snapshot(2, 20, binary);
  auto const s = store.latest_snapshot();
  REQUIRE(s);
  CHECK(s->seq == 2);
  CHECK(s->at == 20);
  CHECK(s->data == binary);
  CHECK(store.last_seq() == 2);
  CHECK(store.append(30, "[]") == 3);
  int batches = 0;
  store.for_each(0, [&](tent::store::StoredBatch const&) { ++batches; });
  CHECK(batches == 3);
}

TEST_CASE("Only the newest two snapshots are kept, and an older one can be asked for", "[store]") {
  EventStore store(":memory:");
  for (int i = 1; i <= 5; ++i) store.append(i * 10, "[]");
  store.save_snapshot(1, 10, "one");
  store.save_snapshot(3, 30, "three");
  store.save_snapshot(4, 40, "four");
  CHECK(store.latest_snapshot()->data == "four");
  CHECK(store.latest_snapshot_seq() == 4);
  CHECK(store.latest_snapshot(4)->data == "three");
  CHECK_FALSE(store.latest_snapshot(3));     // "one" was dropped
  store.save_snapshot(4, 41, "four again");  // the same seq replaces, it does not pile up
  CHECK(store.latest_snapshot()->data == "four again");
  CHECK(store.latest_snapshot(4)->data == "three");
}

TEST_CASE("A snapshot must follow a batch in the log", "[store]") {
  EventStore store(":memory:");
  CHECK_THROWS_AS(store.save_snapshot(1, 10, "x"), std::invalid_argument);
  store.append(10, "[]");
  CHECK_THROWS_AS(store.save_snapshot(2, 10, "x"), std::invalid_argument);
  CHECK_THROWS_AS(store.save_snapshot(0, 10, "x"), std::invalid_argument);
  CHECK_FALSE(store.latest_snapshot());
}

TEST_CASE("Snapshots survive closing and reopening the file", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  {
    EventStore store(path);
    store.append(10, "[]");
    store.save_snapshot(1, 10, binary);
  }
  EventStore store(path);
  REQUIRE(store.latest_snapshot());
  CHECK(store.latest_snapshot()->data == binary);
}

TEST_CASE("A database of schema 1 gains the snapshots table and keeps its batches", "[store]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const path = dir.file("tent.db");
  {  // what a server before snapshots wrote
    Database db(path, open_readwrite | open_create);
    db.exec(R"sql(
      CREATE TABLE batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, events TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO batches (at, events) VALUES (5, '[{"type":"x"}]');
      INSERT INTO meta VALUES ('tent', 'old');
      PRAGMA application_id = 1297368398;
      PRAGMA user_version = 1;
    )sql");
    REQUIRE_THROWS(count(db, "SELECT count(*) FROM snapshots"));
  }
  {
    EventStore store(path);
    CHECK(store.schema_version() == 3);
    CHECK(store.last_seq() == 1);
    CHECK(store.meta("tent") == "old");
    CHECK_FALSE(store.latest_snapshot());
    store.save_snapshot(1, 5, "state");
    CHECK(store.append(6, "[]") == 2);
  }
  Database db(path, open_readonly);
  CHECK(count(db, "SELECT count(*) FROM snapshots") == 1);
  CHECK(count(db, "SELECT count(*) FROM batches") == 2);
}
