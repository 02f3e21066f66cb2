#include "store/backup.hpp"

#include "store/event_store.hpp"
#include "store/sqlite.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace tent::store;
using tent::store::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string events_of(std::int64_t seq) { return "[{\"n\":" + std::to_string(seq) + "}]"; }

// Every batch of the database at path, checked to be 1..n without a gap and with its own events; n.
std::int64_t checked_log(std::string const& path) {
  EventStore store(path);
  std::int64_t expected = 0;
  store.for_each(0, [&](tent::store::StoredBatch const& b) {
    REQUIRE(b.seq == ++expected);
    REQUIRE(b.at == b.seq);
    REQUIRE(b.events == events_of(b.seq));
  });
  return expected;
}

void fill(EventStore& store, std::int64_t from, std::int64_t to) {
  for (auto seq = from; seq <= to; ++seq) REQUIRE(store.append(seq, events_of(seq)) == seq);
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (Error const& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a copy taken while the server keeps committing holds a whole prefix of the log", "[store][backup]") {
  TempDir dir;
  auto const live = dir.file("tent.db");
  EventStore writer(live);
  fill(writer, 1, 50);
  std::atomic<bool> done{false};
  std::atomic<std::int64_t> written{50};
  std::thread commits([&] {
    for (std::int64_t seq = 51; !done; ++seq) {
      writer.append(seq, events_of(seq));
      written = seq;
    }
  });
  std::vector<std::int64_t> copied;
  for (int i = 0; i < 5; ++i) {
    auto const target = dir.file("copy-" + std::to_string(i) + ".db");
    for (auto const last = written.load(); written.load() == last;) std::this_thread::yield();  // it moved on
    auto const before = written.load();
    auto const info = copy_database(live, target);
    CHECK(info.last_seq >= before);
    CHECK(info.bytes == static_cast<std::int64_t>(fs::file_size(target)));
    CHECK(checked_log(target) == info.last_seq);
    copied.push_back(info.last_seq);
  }
  done = true;
  commits.join();
  CHECK(copied.back() > 50);  // the writer went on while copies were taken
}

TEST_CASE("a copy is private, needs no -wal beside it, and never replaces a file", "[store][backup]") {
  TempDir dir;
  auto const live = dir.file("tent.db");
  {
    EventStore store(live);
    fill(store, 1, 3);
  }
  auto const target = dir.file("usb/copy.db");
  copy_database(live, target);
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(fs::exists(live));
  CHECK_FALSE(fs::exists(target + "-wal"));
  CHECK_FALSE(fs::exists(target + ".part"));
  CHECK(check_database(target).last_seq == 3);
  // Opened read-only, as from a write-protected stick: no -wal or -shm needed.
  Database read_only(target, open_readonly);
  CHECK(read_only.prepare("SELECT count(*) FROM batches").step());

  auto const again = error_of([&] { copy_database(live, target); });
  CHECK_THAT(again, Catch::Contains(target) && Catch::Contains("already exists"));
  CHECK(checked_log(target) == 3);
}

TEST_CASE("another program's SQLite file is neither copied nor restored", "[store][backup]") {
  TempDir dir;
  auto const other = dir.file("other.db");
  fs::create_directories(dir.path());
  Database(other, open_readwrite | open_create).exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
  auto const target = dir.file("copy.db");
  CHECK_THAT(error_of([&] { copy_database(other, target); }), Catch::Contains("not a massage-tent database"));
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(fs::exists(target + ".part"));
  CHECK_THAT(error_of([&] { restore_database(other, dir.file("tent.db"), "20261201-120000"); }),
             Catch::Contains(other) && Catch::Contains("not a massage-tent database"));
  CHECK_FALSE(fs::exists(dir.file("tent.db")));
  CHECK_THAT(error_of([&] { check_database(dir.file("missing.db")); }), Catch::Contains("is not a file"));
}

TEST_CASE("a damaged backup is named as damaged, and restoring it changes nothing", "[store][backup]") {
  TempDir dir;
  auto const live = dir.file("tent.db");
  {
    EventStore store(live);
    for (std::int64_t seq = 1; seq <= 400; ++seq) store.append(seq, events_of(seq) + std::string(200, ' '));
  }
  auto const backup = dir.file("backup.db");
  copy_database(live, backup);
  {
    // Garbage over the middle of the file: the B-tree pages of the log.
    std::fstream f(backup, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(backup) / 2));
    f << std::string(8192, '\x5a');
  }
  auto const damaged = error_of([&] { check_database(backup); });
  CHECK_THAT(damaged, Catch::Contains(backup));
  CHECK(damaged != "no error");
  auto const refused = error_of([&] { restore_database(backup, live, "20261201-120000"); });
  CHECK(refused == damaged);
  CHECK(EventStore(live).last_seq() == 400);
  CHECK_FALSE(fs::exists(live + ".before-restore-20261201-120000"));
}

TEST_CASE("a backup folder keeps the newest copies, a second copy in the same second apart", "[store][backup]") {
  TempDir dir;
  auto const live = dir.file("tent.db");
  EventStore store(live);
  fill(store, 1, 2);
  auto const folder = dir.path() / "usb" / "tent";
  auto const first = back_up_into(live, folder, "20261201-090000", 3);
  CHECK(first.file == folder / "tent-20261201-090000.db");
  CHECK(first.info.last_seq == 2);
  fill(store, 3, 3);
  auto const second = back_up_into(live, folder, "20261201-090000", 3);
  CHECK(second.file == folder / "tent-20261201-090000-2.db");
  CHECK(second.info.last_seq == 3);
  back_up_into(live, folder, "20261201-090500", 3);
  std::ofstream(folder / "notes.txt") << "not a backup";
  auto const last = back_up_into(live, folder, "20261201-091000", 3);
  CHECK(backups_in(folder) == std::vector<fs::path>{second.file, folder / "tent-20261201-090500.db", last.file});
  CHECK(fs::exists(folder / "notes.txt"));
  struct stat st {};
  REQUIRE(::stat(folder.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("restore puts the backup in place and keeps the database it replaces, -wal and all", "[store][backup]") {
  TempDir dir;
  auto const live = dir.file("tent.db");
  {
    EventStore store(live);
    fill(store, 1, 5);
  }
  auto const backup = dir.file("usb/tent-20261201-100000.db");
  copy_database(live, backup);
  // A server killed after five more commits: its last batches are in tent.db-wal only.
  pid_t const child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    EventStore store(live);
    for (std::int64_t seq = 6; seq <= 10; ++seq) store.append(seq, events_of(seq));
    ::_exit(fs::file_size(live + "-wal") > 0 ? 0 : 1);  // no close: the -wal stays as a crash leaves it
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  auto const kept = restore_database(backup, live, "20261201-110000");
  CHECK(kept == fs::path(live + ".before-restore-20261201-110000"));
  CHECK(checked_log(live) == 5);
  CHECK(checked_log(kept.string()) == 10);  // the replaced database, with what its -wal held
  // Restoring again keeps the second one apart from the first.
  CHECK(restore_database(backup, live, "20261201-110000").string() == kept.string() + "-2");
  CHECK(checked_log(live) == 5);
}
