// Backups of a running server and restoring one, through the real executable: `serve --backup-dir`,
// `backup` and `restore`.

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "live_tent.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>

using namespace tent::app::test;
using tent::net::http::verb;
namespace fs = std::filesystem;

namespace {

nlohmann::json backups_of(unsigned short port) {
  auto res = request(port, verb::get, "/api/backups", organiser_pin);
  REQUIRE(res.result_int() == 200);
  return nlohmann::json::parse(res.body());
}

}  // namespace

TEST_CASE("A backup of a server under check-in load holds every check-in acknowledged before it, and restores",
          "[app][backup]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto server = spawn(serve_args(db), dir.file("serve.log"));
  REQUIRE(server.port != 0);

  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> done{false};
  std::thread load([&] {
    for (int i = 1000; !done; ++i) {
      int status = 0;
      post(server.port, "/api/checkins", R"({"bib":")" + std::to_string(i) + R"("})", status);
      if (status != 201) break;
      std::lock_guard lock(mutex);
      acknowledged.push_back(std::to_string(i));
    }
  });
  while ([&] {
    std::lock_guard lock(mutex);
    return acknowledged.size() < 30;
  }())
    std::this_thread::yield();
  std::vector<std::string> before;
  {
    std::lock_guard lock(mutex);
    before = acknowledged;
  }
  auto const copy = dir.file("usb/copy.db");
  fs::create_directories(dir.path() / "usb");
  auto backup = spawn({"backup", "--db", db, "--to", copy}, dir.file("backup.log"));
  REQUIRE(backup.exited);
  CHECK(backup.exit_code == 0);
  CHECK_THAT(backup.output, Catch::Contains("integrity check ok"));
  done = true;
  load.join();
  CHECK(acknowledged.size() > before.size());  // the server went on taking check-ins during the copy

  SECTION("restore is refused while the server has the database open, and changes nothing") {
    auto refused = spawn({"restore", "--db", db, "--from", copy}, dir.file("restore.log"));
    REQUIRE(refused.exited);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("another massage-tent is using " + db));
    int status = 0;
    get(server.port, "/api/tickets/" + acknowledged.back(), status);
    CHECK(status == 200);
    CHECK(stop(server) == 0);
  }
  SECTION("once the server is stopped, restore puts the copy in place and keeps the database it replaced") {
    CHECK(stop(server) == 0);
    auto restore = spawn({"restore", "--db", db, "--from", copy}, dir.file("restore.log"));
    REQUIRE(restore.exited);
    CHECK(restore.exit_code == 0);
    CHECK_THAT(restore.output, Catch::Contains("moved to " + db + ".before-restore-"));
    auto again = spawn(serve_args(db), dir.file("again.log"));
    REQUIRE(again.port != 0);
    for (auto const& bib : before) {
      int status = 0;
      get(again.port, "/api/tickets/" + bib, status);
      CHECK(status == 200);
    }
    int status = 0;
    get(again.port, "/api/tickets/" + acknowledged.back(), status);
    CHECK(status == 404);  // checked in after the copy: not in it
    CHECK(stop(again) == 0);
  }
}

TEST_CASE(
    "serve --backup-dir copies at start and says so on /api/backups, a failing folder is reported, the server "
    "goes on",
    "[app][backup]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto const usb = dir.file("usb");
  auto server =
      spawn(serve_args(db, {"--backup-dir", usb, "--backup-every", "10", "--backup-keep", "3"}), dir.file("serve.log"));
  REQUIRE(server.port != 0);
  // Logged after the port (spawn returns at that line).
  CHECK(wait_for_output(server, dir.file("serve.log"), "a copy every 10 s into " + usb + ", the newest 3 kept"));
  nlohmann::json status;
  for (int i = 0; i < 200 && (status = backups_of(server.port))["last"].is_null(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  REQUIRE(status["last"].is_object());
  CHECK(status["enabled"] == true);
  CHECK(status["every_s"] == 10);
  CHECK(status["keep"] == 3);
  CHECK(status["last"]["ok"] == true);
  CHECK(status["last_ok_at"] == status["last"]["at"]);
  auto const file = status["last"]["file"].get<std::string>();
  CHECK(fs::exists(fs::path(usb) / file));
  CHECK_THAT(file, Catch::Matches(R"(tent-\d{8}-\d{6}\.db)"));
  int code = 0;
  get(server.port, "/api/backups", code);
  CHECK(code == 401);  // the organiser's
  CHECK(stop(server) == 0);

  // A "folder" that is a file: the copy fails, the server serves anyway and says why.
  auto const blocked = dir.file("blocked");
  { std::ofstream(blocked) << "not a folder"; }
  auto failing = spawn(serve_args(db, {"--backup-dir", blocked}), dir.file("failing.log"));
  REQUIRE(failing.port != 0);
  for (int i = 0; i < 200 && (status = backups_of(failing.port))["last"].is_null(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  REQUIRE(status["last"].is_object());
  CHECK(status["last"]["ok"] == false);
  CHECK_THAT(status["last"]["error"].get<std::string>(), Catch::Contains(blocked));
  CHECK(status["last_ok_at"].is_null());
  post(failing.port, "/api/checkins", R"({"bib":"77"})", code);
  CHECK(code == 201);
  CHECK_THAT(read_log(dir.file("failing.log")), Catch::Contains("copy FAILED: "));
  CHECK(stop(failing) == 0);
}
