// The store tells the truth: a change is acknowledged only once it is in the database file the
// server will start from next time. Run against the real executable.

#include "../store/temp_dir.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <signal.h>
#include <string>

using namespace tent::app::test;
namespace fs = std::filesystem;

namespace {

std::string checkin(unsigned short port, int bib, int& status) {
  return post(port, "/api/checkins", R"({"bib":")" + std::to_string(bib) + R"("})", status);
}

}  // namespace

TEST_CASE("A database file deleted or replaced under the running server refuses changes with 503 and keeps reads",
          "[app][storage]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto const log = dir.file("server.log");
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db, "--volunteer-pin", "1111"}, log);
  REQUIRE(server.port != 0);
  int status = 0;
  checkin(server.port, 100, status);
  REQUIRE(status == 201);

  std::string what;
  SECTION("the database file is deleted") {
    fs::remove(db);
    what = db + " was deleted";
  }
  SECTION("another file takes the database's place") {
    fs::copy_file(db, db + ".copy");
    fs::rename(db + ".copy", db);
    what = db + " was replaced";
  }
  SECTION("the write-ahead log is deleted") {
    fs::remove(db + "-wal");
    what = db + "-wal was deleted";
  }

  auto const body = checkin(server.port, 101, status);
  CHECK(status == 503);
  CHECK(body.find(R"("code":"storage_unavailable")") != std::string::npos);
  CHECK(body.find("Please tell the tent lead") != std::string::npos);
  post(server.port, "/api/tables", R"({"name":"T1"})", status);  // any change, not only check-ins
  CHECK(status == 503);
  // Reads still answer from memory, and the refused check-in is not there.
  get(server.port, "/api/tickets/100", status);
  CHECK(status == 200);
  get(server.port, "/api/tickets/101", status);
  CHECK(status == 404);
  auto const output = read_log(log);
  CHECK(output.find("STORAGE UNAVAILABLE: " + what) != std::string::npos);
  CHECK(output.find("Refused: checkin") != std::string::npos);
  kill(server.pid, SIGTERM);
  CHECK(wait_exit(server.pid) == 0);
}

TEST_CASE("A full disk refuses changes with 503 storage_full, acknowledges only what is stored, and recovers",
          "[app][storage]") {
  tent::store::test::TempDir dir;
  auto const disk = dir.path() / "disk";  // a 1 MiB tmpfs, seen only by the server
  fs::create_directories(disk);
  auto const db = (disk / "tent.db").string();
  auto const log = dir.file("server.log");
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db, "--volunteer-pin", "1111"}, log, [&] {
    if (!mount_small_disk(disk.string(), 1024 * 1024)) _exit(99);
  });
  INFO(server.output);
  REQUIRE(server.exit_code != 99);  // needs root or user namespaces
  REQUIRE(server.port != 0);
  int status = 0;
  checkin(server.port, 100, status);
  REQUIRE(status == 201);

  // Fill the server's disk to the last byte, through its own view of the file system.
  auto const seen = fs::path("/proc") / std::to_string(server.pid) / "root" / disk.relative_path();
  auto const filler = seen / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    std::string const block(4096, 'x');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {}
  }
  REQUIRE(fs::file_size(filler) > 512 * 1024);

  for (int bib = 101; bib <= 103; ++bib) {
    auto const body = checkin(server.port, bib, status);
    CHECK(status == 503);
    CHECK(body.find(R"("code":"storage_full")") != std::string::npos);
    CHECK(body.find("disk is full") != std::string::npos);
  }
  get(server.port, "/api/tickets/101", status);
  CHECK(status == 404);
  CHECK(read_log(log).find("DISK FULL") != std::string::npos);

  // Space again: the next change is taken.
  fs::remove(filler);
  checkin(server.port, 104, status);
  CHECK(status == 201);

  // What the file holds is exactly what was acknowledged: copy it out and start a server on the copy.
  auto const copy = dir.path() / "copy";
  fs::create_directories(copy);
  fs::copy_file(seen / "tent.db", copy / "tent.db");
  fs::copy_file(seen / "tent.db-wal", copy / "tent.db-wal");
  kill(server.pid, SIGKILL);
  wait_exit(server.pid);
  auto again = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", (copy / "tent.db").string()},
                     dir.file("again.log"));
  REQUIRE(again.port != 0);
  CHECK(again.output.find("2 waiting") != std::string::npos);
  get(again.port, "/api/tickets/104", status);
  CHECK(status == 200);
  get(again.port, "/api/tickets/101", status);
  CHECK(status == 404);
  kill(again.pid, SIGTERM);
  CHECK(wait_exit(again.pid) == 0);
}
