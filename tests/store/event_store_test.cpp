#include "store/event_store.hpp"

#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace tent::store;
using tent::store::test::TempDir;

namespace {

struct Batch {
  std::int64_t seq;
  std::int64_t at;
  std::string events;
  bool operator==(Batch const&) const = default;
};

std::vector<Batch> read_all(EventStore const& store, std::int64_t after_seq = 0) {
  std::vector<Batch> batches;
  store.for_each(after_seq, [&](tent::store::StoredBatch const& b) { batches.push_back({b.seq, b.at, b.events}); });
  return batches;
}

template <typename F>
Error error_from(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (Error const& e) {
    return e;
  }
  FAIL("no tent::store::Error thrown");
  throw;  // unreachable: FAIL throws
}

}  // namespace

TEST_CASE("append returns consecutive seqs starting at 1", "[store]") {
  bool const on_file = GENERATE(false, true);
  TempDir dir;
  auto const path = on_file ? dir.file("tent.db") : ":memory:";
  EventStore store(path);
  CHECK(store.last_seq() == 0);
  CHECK(store.append(1000, R"([{"type":"a"}])") == 1);
  CHECK(store.append(1000, R"([{"type":"b"}])") == 2);
  CHECK(store.append(2000, "[]") == 3);
  CHECK(store.last_seq() == 3);
}

TEST_CASE("for_each replays every batch after the given seq, in order", "[store]") {
  bool const on_file = GENERATE(false, true);
  TempDir dir;
  auto const path = on_file ? dir.file("tent.db") : ":memory:";
  EventStore store(path);
  for (std::int64_t i = 1; i <= 5; ++i) store.append(100 * i, "[" + std::to_string(i) + "]");

  CHECK(read_all(store) ==
        std::vector<Batch>{{1, 100, "[1]"}, {2, 200, "[2]"}, {3, 300, "[3]"}, {4, 400, "[4]"}, {5, 500, "[5]"}});
  CHECK(read_all(store, 3) == std::vector<Batch>{{4, 400, "[4]"}, {5, 500, "[5]"}});
  CHECK(read_all(store, 5).empty());
}

TEST_CASE("An exception thrown by the for_each callback stops the walk and propagates", "[store]") {
  EventStore store(":memory:");
  store.append(1, "[1]");
  store.append(2, "[2]");
  int calls = 0;
  CHECK_THROWS_WITH(store.for_each(0,
                                   [&](tent::store::StoredBatch const&) {
                                     ++calls;
                                     throw std::runtime_error("stop");
                                   }),
                    "stop");
  CHECK(calls == 1);
  CHECK(store.append(3, "[3]") == 3);  // the store is still usable
}

TEST_CASE("meta reads back what set_meta stored, and set_meta overwrites", "[store]") {
  bool const on_file = GENERATE(false, true);
  TempDir dir;
  auto const path = on_file ? dir.file("tent.db") : ":memory:";
  EventStore store(path);
  CHECK_FALSE(store.meta("pin").has_value());
  store.set_meta("pin", "hash-1");
  store.set_meta("other", "x");
  CHECK(store.meta("pin") == "hash-1");
  store.set_meta("pin", "hash-2");
  CHECK(store.meta("pin") == "hash-2");
  CHECK(store.meta("other") == "x");
}

TEST_CASE("Batches and meta survive closing and reopening the file", "[store]") {
  TempDir dir;
  auto const path = dir.file("nested/dir/tent.db");  // parents missing: the store creates them
  {
    EventStore store(path);
    store.append(10, R"([{"type":"checked_in","bib":"42"}])");
    store.append(20, "[]");
    store.set_meta("pin", "hash");
  }
  EventStore store(path);
  CHECK(store.last_seq() == 2);
  CHECK(read_all(store) == std::vector<Batch>{{1, 10, R"([{"type":"checked_in","bib":"42"}])"}, {2, 20, "[]"}});
  CHECK(store.meta("pin") == "hash");
  CHECK(store.append(30, "[]") == 3);
}

TEST_CASE("Reopening a file runs no migration twice", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  { CHECK(EventStore(path).schema_version() == 3); }
  // A second run of a migration would fail on CREATE TABLE of an existing table.
  EventStore store(path);
  CHECK(store.schema_version() == 3);
  CHECK(EventStore::latest_schema_version() == 3);
}

TEST_CASE("A database from a newer server is refused with a clear error", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  { EventStore store(path); }
  {
    Database db(path, open_readwrite);
    db.exec("PRAGMA user_version = 99");
  }
  auto const error = error_from([&] { EventStore store(path); });
  CHECK_THAT(error.what(), Catch::Contains("database schema 99 is newer than this server (3); upgrade the server"));
  // Refusing must not touch the file.
  Database db(path, open_readonly);
  auto select = db.prepare("PRAGMA user_version");
  select.step();
  CHECK(select.column_int64(0) == 99);
}

TEST_CASE("A file that is not a database is refused with Error", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  { EventStore store(path); }  // creates the directory
  std::filesystem::remove(path);
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fputs("this is not an sqlite database, just some text long enough to fill a header.....", f);
    std::fclose(f);
  }
  CHECK_THROWS_AS(EventStore(path), Error);
}

TEST_CASE("A file store uses the WAL journal", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  EventStore store(path);
  Database other(path, open_readwrite);  // journal_mode WAL is persistent, so another connection sees it
  auto select = other.prepare("PRAGMA journal_mode");
  REQUIRE(select.step());
  CHECK(select.column_text(0) == "wal");
}

TEST_CASE("A failed append writes nothing and leaves the store usable", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  EventStore store(path);
  store.append(1, "[1]");
  {
    Database other(path, open_readwrite);
    other.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON batches WHEN NEW.at < 0 "
        "BEGIN SELECT RAISE(ABORT, 'negative time refused'); END");
  }
  auto const error = error_from([&] { store.append(-1, "[bad]"); });
  CHECK_THAT(error.what(), Catch::Contains("negative time refused"));
  CHECK(store.last_seq() == 1);
  CHECK(store.append(2, "[2]") == 2);  // the cached statement was reset, the transaction rolled back
  CHECK(read_all(store) == std::vector<Batch>{{1, 1, "[1]"}, {2, 2, "[2]"}});
}

TEST_CASE("Every acknowledged append survives the process being killed", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  constexpr std::int64_t count = 100;

  pid_t const child = ::fork();
  REQUIRE(child != -1);
  if (child == 0) {
    // Child: no Catch2 here. Append, then die without closing anything: no destructors, no atexit.
    try {
      EventStore store(path);
      for (std::int64_t i = 1; i <= count; ++i) {
        if (store.append(i, "[" + std::to_string(i) + "]") != i) ::_exit(2);
      }
      ::kill(::getpid(), SIGKILL);
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(4);  // not reached: SIGKILL cannot be caught
  }

  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("child status " << status);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);

  EventStore store(path);
  CHECK(store.last_seq() == count);
  auto const batches = read_all(store);
  REQUIRE(batches.size() == static_cast<std::size_t>(count));
  for (std::int64_t i = 1; i <= count; ++i) {
    auto const& batch = batches[static_cast<std::size_t>(i - 1)];
    CHECK(batch == Batch{i, i, "[" + std::to_string(i) + "]"});
  }
}

TEST_CASE("A group commits its batches together with consecutive seqs, and a dropped group leaves nothing", "[store]") {
  TempDir dir;
  auto const path = dir.file("tent.db");
  EventStore store(path);
  store.append(1, "[1]");
  {
    EventStore::Group group(store);
    CHECK(group.append(2, "[2]") == 2);
    CHECK(group.append(3, "[3]") == 3);
    // Not committed yet: another connection sees only the first batch.
    Database other(path, open_readwrite);
    auto count = other.prepare("SELECT count(*) FROM batches");
    REQUIRE(count.step());
    CHECK(count.column_int64(0) == 1);
    group.commit();
  }
  {
    EventStore::Group dropped(store);
    CHECK(dropped.append(4, "[lost]") == 4);
  }  // never committed: rolled back
  CHECK(store.last_seq() == 3);
  CHECK(store.append(5, "[5]") == 4);  // the seq of a rolled-back batch is given again
  CHECK(read_all(store) == std::vector<Batch>{{1, 1, "[1]"}, {2, 2, "[2]"}, {3, 3, "[3]"}, {4, 5, "[5]"}});
}
