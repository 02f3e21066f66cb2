// A server that cannot use its database says so at start-up: exit code 1, and a message that names
// the file, what is wrong with it and what to do. Run against the real executable.

#include "../store/temp_dir.hpp"
#include "process.hpp"
#include "store/sqlite.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <iterator>
#include <string>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

using namespace tent::app::test;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// File permissions do not bind root: a child run by root drops to nobody before it starts the server.
void as_unprivileged_user() {
  if (geteuid() != 0) return;
  if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(98);
}

// A massage-tent database with one table, written and closed by the real executable.
void make_database(std::string const& db, std::string const& log) {
  auto op = spawn({"op", "table_create", R"({"name":"T1"})", "--db", db}, log);
  REQUIRE(op.exited);
  REQUIRE(op.exit_code == 0);
  fs::permissions(db + ".lock", fs::perms::all);  // the lock file is not what these tests are about
}

}  // namespace

TEST_CASE("A database the server cannot use stops the start with a message naming the file and what to do",
          "[app][startup]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  fs::permissions(dir.path(), fs::perms::all);  // so that an unprivileged child may write its lock file
  auto db = dir.file("tent.db");
  std::function<void()> in_child;
  std::vector<std::string> expected;

  SECTION("a file that is not a database") {
    std::ofstream(db) << "bib,name\n101,Ada Runner\n102,Bo Jogger\n" << std::string(200, '#') << "\n";
    expected = {db + " is not a database", "Check the --db path"};
  }
  SECTION("a damaged database") {
    make_database(db, dir.file("op.log"));
    {
      std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);  // the schema page's header: no longer a valid b-tree page
      std::string const junk(64, '\xff');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    expected = {db + " is damaged", ".recover", "backup"};
  }
  SECTION("another program's SQLite file") {
    db = dir.file("photos.db");
    {
      tent::store::Database other(db, tent::store::open_readwrite | tent::store::open_create);
      other.exec("CREATE TABLE pictures (name TEXT)");
    }
    expected = {db + " is not a massage-tent database", "tables: pictures", "left untouched"};
  }
  SECTION("a database the server may read but not write") {
    make_database(db, dir.file("op.log"));
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    in_child = as_unprivileged_user;
    expected = {db + " can be read but not written", "writable"};
  }
  SECTION("a database the server may not read") {
    make_database(db, dir.file("op.log"));
    fs::permissions(db, fs::perms::none);
    in_child = as_unprivileged_user;
    expected = {db + ": permission denied", "read and write access"};
  }
  SECTION("a folder that cannot be created") {
    std::ofstream(dir.file("plain-file")) << "x";
    db = dir.file("plain-file") + "/tent/tent.db";
    expected = {"cannot create the folder " + dir.file("plain-file") + "/tent", "--db"};
  }
  SECTION("a folder where the lock file cannot be written") {
    fs::create_directories(dir.path() / "locked");
    db = (dir.path() / "locked" / "tent.db").string();
    fs::permissions(dir.path() / "locked", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                               fs::perms::others_read | fs::perms::others_exec);
    in_child = as_unprivileged_user;
    expected = {"cannot create the lock file " + db + ".lock", "writable"};
  }

  auto const before = fs::exists(db) ? bytes_of(db) : std::string();
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("serve.log"), in_child);
  INFO(server.output);
  REQUIRE(server.exited);
  CHECK(server.exit_code == 1);
  for (auto const& text : expected) CHECK(server.output.find(text) != std::string::npos);
  if (fs::exists(db)) CHECK(bytes_of(db) == before);  // a refused file is left as it was
}

TEST_CASE("The database lock is taken before the file is opened: a locked database is not even read",
          "[app][startup]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  // Another process owns the database (here: this test, holding the lock a server would hold).
  int const fd = ::open((db + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);

  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("serve.log"));
  REQUIRE(server.exited);
  CHECK(server.exit_code == 1);
  CHECK(server.output.find("another massage-tent is using " + db) != std::string::npos);
  CHECK_FALSE(fs::exists(db));  // not created, let alone migrated
  auto op = spawn({"op", "table_create", R"({"name":"T1"})", "--db", db}, dir.file("op.log"));
  REQUIRE(op.exited);
  CHECK(op.exit_code == 1);
  CHECK_FALSE(fs::exists(db));
  ::close(fd);
}
