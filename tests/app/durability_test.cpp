// The real executable, killed without warning: whatever was acknowledged must still be there.

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <signal.h>
#include <string>
#include <vector>

using namespace tent::app::test;
using tent::net::http::verb;

TEST_CASE("A check-in acknowledged just before kill -9 survives the restart", "[app][durability]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  std::vector<std::string> const args{"serve", "--bind", "127.0.0.1",       "--port", "0",
                                      "--db",  db,       "--volunteer-pin", "1111"};
  auto server = spawn(args, dir.file("1.log"));
  REQUIRE(server.port != 0);
  int status = 0;
  for (int i = 0; i < 20; ++i) {
    post(server.port, "/api/checkins", R"({"bib":")" + std::to_string(100 + i) + R"("})", status);
    REQUIRE(status == 201);
  }
  kill(server.pid, SIGKILL);  // no shutdown, no flush: the 201s must already be on disk
  CHECK(wait_exit(server.pid) == 128 + SIGKILL);

  auto again = spawn(args, dir.file("2.log"));
  REQUIRE(again.port != 0);
  CHECK(again.output.find("20 waiting") != std::string::npos);
  auto res = tent::net::test::http_request(again.port, tent::net::test::make_request(verb::get, "/api/tickets/119"));
  CHECK(res.result_int() == 200);
  CHECK(res.body().find("\"position\":20") != std::string::npos);
  kill(again.pid, SIGTERM);
  CHECK(wait_exit(again.pid) == 0);  // a clean stop on SIGTERM
}

TEST_CASE("The server exits non-zero when it cannot listen", "[app][durability]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto first = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", dir.file("a.db")}, dir.file("a.log"));
  REQUIRE(first.port != 0);
  auto second = spawn({"serve", "--bind", "127.0.0.1", "--port", std::to_string(first.port), "--db", dir.file("b.db")},
                      dir.file("b.log"));
  CHECK(second.port == 0);
  REQUIRE(second.exited);
  CHECK(second.exit_code == 1);
  CHECK(second.output.find("massage-tent:") != std::string::npos);
  kill(first.pid, SIGTERM);
  CHECK(wait_exit(first.pid) == 0);
}

TEST_CASE("One process at a time owns a database: a second server or an op beside it is refused", "[app][durability]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto first = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("a.log"));
  REQUIRE(first.port != 0);
  auto second = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("b.log"));
  REQUIRE(second.exited);
  CHECK(second.exit_code == 1);
  CHECK(second.output.find("another massage-tent is using") != std::string::npos);
  auto op = spawn({"op", "table_create", R"({"name":"T1"})", "--db", db}, dir.file("c.log"));
  REQUIRE(op.exited);
  CHECK(op.exit_code == 1);
  kill(first.pid, SIGTERM);
  CHECK(wait_exit(first.pid) == 0);
  auto after = spawn({"op", "table_create", R"({"name":"T1"})", "--db", db}, dir.file("d.log"));
  REQUIRE(after.exited);
  CHECK(after.exit_code == 0);
  CHECK(after.output.find("\"name\": \"T1\"") != std::string::npos);
}
