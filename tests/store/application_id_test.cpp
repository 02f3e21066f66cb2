// Whose file it is: massage-tent stamps its databases with an application id and refuses to
// migrate another program's SQLite file.

#include "store/event_store.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace tent::store;
using tent::store::test::TempDir;

namespace {

std::int64_t pragma(std::string const& path, std::string const& name) {
  Database db(path, open_readonly);
  auto select = db.prepare("PRAGMA " + name);
  REQUIRE(select.step());
  return select.column_int64(0);
}

std::string bytes_of(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("A new database file is stamped with the massage-tent application id", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  { EventStore store(path); }
  CHECK(pragma(path, "application_id") == EventStore::application_id);
  CHECK(pragma(path, "user_version") == EventStore::latest_schema_version());
}

TEST_CASE("An empty file becomes a massage-tent database", "[store]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const path = dir.file("tent.db");
  std::ofstream(path).close();
  {
    EventStore store(path);
    store.append(1, "[]");
  }
  CHECK(pragma(path, "application_id") == EventStore::application_id);
  CHECK(EventStore(path).last_seq() == 1);
}

TEST_CASE("A database written before the application id existed is accepted, kept and stamped", "[store]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const path = dir.file("tent.db");
  {  // what the previous version of the server wrote: migration 1, no application id
    Database db(path, open_readwrite | open_create);
    db.exec(R"sql(
      CREATE TABLE batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, events TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO batches (at, events) VALUES (5, '[{"type":"x"}]');
      INSERT INTO meta VALUES ('tent', 'old');
      PRAGMA user_version = 1;
    )sql");
  }
  REQUIRE(pragma(path, "application_id") == 0);
  {
    EventStore store(path);
    CHECK(store.last_seq() == 1);
    CHECK(store.meta("tent") == "old");
    CHECK(store.append(6, "[]") == 2);
  }
  CHECK(pragma(path, "application_id") == EventStore::application_id);
}

TEST_CASE("Another program's SQLite file is refused, named, and left untouched", "[store]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const path = dir.file("photos.db");
  {
    Database db(path, open_readwrite | open_create);
    std::string app_id = GENERATE(as<std::string>{}, "0", "1234");
    db.exec("CREATE TABLE pictures (name TEXT); INSERT INTO pictures VALUES ('finish.jpg');");
    db.exec("PRAGMA application_id = " + app_id);
    // Even with a user_version that looks like ours, it is not ours without our tables.
    db.exec("PRAGMA user_version = " + std::string(GENERATE("0", "1")));
  }
  auto const before = bytes_of(path);
  try {
    EventStore store(path);
    FAIL("another program's file was opened");
  } catch (Error const& e) {
    CHECK_THAT(e.what(), Catch::Contains(path + " is not a massage-tent database"));
    CHECK_THAT(e.what(), Catch::Contains("tables: pictures"));
    CHECK_THAT(e.what(), Catch::Contains("left untouched"));
  }
  CHECK(bytes_of(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}
