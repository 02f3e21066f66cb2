// The database holds names and PIN hashes: it, its -wal and -shm and the folders the store
// creates for it are the server user's alone, whatever the umask.

#include "store/event_store.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace tent::store;

namespace {

unsigned mode_of(std::string const& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The usual umask of a desktop session, which lets everyone read new files.
struct Umask {
  mode_t saved = ::umask(022);
  ~Umask() { ::umask(saved); }
};

}  // namespace

TEST_CASE("A new database, its -wal and -shm are created 0600 and its new folders 0700", "[store]") {
  Umask const umask;
  test::TempDir dir;
  auto const db = dir.file("data/day1/tent.db");
  EventStore store(db);
  store.append(1, "[]");
  CHECK(mode_of(db) == 0600);
  CHECK(mode_of(db + "-wal") == 0600);
  CHECK(mode_of(db + "-shm") == 0600);
  CHECK(mode_of(dir.file("data/day1")) == 0700);
  CHECK(mode_of(dir.file("data")) == 0700);
  CHECK(mode_of(dir.path().string()) == 0700);
}

TEST_CASE("An existing world-readable database is made private when opened", "[store]") {
  Umask const umask;
  test::TempDir dir;
  auto const db = dir.file("tent.db");
  {
    EventStore store(db);
    store.append(1, "[]");
  }
  REQUIRE(::chmod(db.c_str(), 0644) == 0);
  EventStore store(db);
  store.append(2, "[]");
  CHECK(mode_of(db) == 0600);
  CHECK(mode_of(db + "-wal") == 0600);
  CHECK(store.last_seq() == 2);
}

TEST_CASE("A folder the user made keeps its own mode", "[store]") {
  Umask const umask;
  test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  EventStore store(dir.file("tent.db"));
  CHECK(mode_of(dir.path().string()) == 0755);
  CHECK(mode_of(dir.file("tent.db")) == 0600);
}
