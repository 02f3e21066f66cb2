// The server's log through the real executable: text on a terminal, one JSON object a line
// otherwise (or as --log-format says), and never a PIN, a key or a runner's name in either.

#include "../log/lines.hpp"
#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace tent::app::test;
using tent::net::http::verb;
namespace fs = std::filesystem;
using tent::test::lines_of;

namespace {

// "12:04:31 warn  net: ..."
std::regex const text_line(R"(^\d\d:\d\d:\d\d (debug|info |warn |error) [a-z]+: .+$)");

// A JSON log record: an object with ts (UTC to the millisecond), level, component and msg.
void check_json_record(std::string const& line) {
  INFO(line);
  auto const j = nlohmann::json::parse(line, nullptr, false);
  REQUIRE(j.is_object());
  REQUIRE(j.contains("ts"));
  CHECK(std::regex_match(j["ts"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK((j["level"] == "debug" || j["level"] == "info" || j["level"] == "warn" || j["level"] == "error"));
  CHECK(j["component"].is_string());
  CHECK_FALSE(j["component"].get<std::string>().empty());
  CHECK(j["msg"].is_string());
}

tent::net::Response send(unsigned short port, verb method, std::string const& target, std::string const& secret,
                         std::string const& body, std::string const& type = "application/json") {
  auto req = tent::net::test::make_request(method, target, body);
  if (!secret.empty()) req.set(tent::net::http::field::authorization, "Bearer " + secret);
  if (!body.empty()) req.set(tent::net::http::field::content_type, type);
  return tent::net::test::http_request(port, std::move(req));
}

}  // namespace

TEST_CASE("Without --log-format the log is text on a terminal, where a first start prints its new PINs once",
          "[app][log]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  int exit_code = -1;
  auto const out = run_on_terminal({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, {}, exit_code);
  INFO(out);
  CHECK(exit_code == 0);
  std::smatch pin;
  REQUIRE(std::regex_search(out, pin, std::regex(R"(NEW organiser PIN: (\d{6,12})  \(stored hashed)")));
  CHECK(std::regex_search(out, std::regex(R"(NEW volunteer PIN: \d{4,12}  \(stored hashed)")));
  for (auto const& line : lines_of(out))
    if (line.rfind("NEW ", 0) != 0) CHECK(std::regex_match(line, text_line));
  CHECK_THAT(out, Catch::Contains(" info  net: listening on port "));
  CHECK_THAT(out, Catch::Contains(" info  app: stopped"));

  // The PIN printed is the one stored.
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("second.log"));
  REQUIRE(server.port != 0);
  CHECK(request(server.port, verb::get, "/api/stats", pin[1].str()).result_int() == 200);
  CHECK(stop(server) == 0);
}

TEST_CASE("Without --log-format the log is JSON when the output is not a terminal, and new PINs are not shown",
          "[app][log]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", dir.file("tent.db")}, dir.file("s.log"));
  REQUIRE(server.port != 0);
  CHECK(stop(server) == 0);
  auto const out = read_log(dir.file("s.log"));
  INFO(out);
  auto const lines = lines_of(out);
  CHECK(lines.size() >= 9);  // the start, the port, five pages, two PIN warnings, the stop
  for (auto const& line : lines) check_json_record(line);
  // No PIN, not even in a field: no run of six digits outside the test's folder (its name holds the pid).
  auto const outside = std::regex_replace(out, std::regex(dir.path().string()), "DIR");
  CHECK_FALSE(std::regex_search(outside, std::regex(R"(\d{6})")));
  CHECK_THAT(out, !Catch::Contains("NEW organiser PIN"));
  CHECK_THAT(out, Catch::Contains(R"("level":"warn","component":"auth","msg":"a new organiser PIN was made)"));
  CHECK_THAT(out, Catch::Contains("reset-pin organiser"));
  CHECK_THAT(out, Catch::Contains(R"("msg":"listening on port )" + std::to_string(server.port) + R"(","port":)" +
                                  std::to_string(server.port)));
}

TEST_CASE("A day's log holds no PIN, kiosk key or runner name, in text or in JSON", "[app][log]") {
  auto const format = GENERATE(std::string("text"), std::string("json"));
  INFO(format);
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  std::string const organiser = "918273645546", volunteer = "80706050403";
  std::string const key = "Kiosk-Key-Quagga-77", new_key = "Second-Key-Okapi-31";
  std::vector<std::string> const wrong = {"918273645547", "80706050404", "Kiosk-Key-Quagga-78"};
  std::vector<std::string> const names = {"Zebulon", "Quimby", "Ingeborg", "Thistlewaite", "Xanthippe", "Ottoline"};
  auto server =
      spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", dir.file("tent.db"), "--volunteer-pin", volunteer,
             "--organiser-pin", organiser, "--kiosk-key", key, "--log-format", format, "--log-level", "debug"},
            dir.file("s.log"));
  REQUIRE(server.port != 0);
  auto const port = server.port;
  std::string const roster =
      "bib,first name,last name,category\n101,Zebulon,Quimby,10K\n102,Ingeborg,Thistlewaite,Marathon\n"
      "x!,Xanthippe,Ottoline,5K\n";
  CHECK(send(port, verb::post, "/api/roster?dry_run=1", organiser, roster, "text/csv").result_int() == 200);
  CHECK(send(port, verb::post, "/api/roster", organiser, roster, "text/csv").result_int() == 200);
  for (auto const& w : wrong) CHECK(send(port, verb::get, "/api/stats", w, {}).result_int() == 401);
  CHECK(send(port, verb::post, "/api/checkins", key, R"({"bib":"101"})").result_int() == 201);
  CHECK(send(port, verb::post, "/api/kiosk-key", organiser, R"({"key":")" + new_key + R"("})").result_int() == 200);
  CHECK(send(port, verb::post, "/api/checkins", new_key, R"({"bib":"102"})").result_int() == 201);
  CHECK(send(port, verb::post, "/api/tables", volunteer, R"({"name":"Table 1"})").result_int() == 201);
  {  // a console signing in over its WebSocket, first with a wrong PIN
    boost::asio::io_context ioc;
    tent::net::test::WsClient ws(ioc, port);
    ws.read();  // the snapshot
    for (auto const& [id, pin] : {std::pair{1, wrong[1]}, std::pair{2, volunteer}}) {
      ws.write(nlohmann::json{{"op", "auth"}, {"id", id}, {"pin", pin}}.dump());
      for (int i = 0; i < 5; ++i)
        if (ws.read().find(R"("id":)" + std::to_string(id)) != std::string::npos) break;
    }
  }
  CHECK(stop(server) == 0);
  auto const out = read_log(dir.file("s.log"));
  INFO(out);
  // What was logged: the sign-ins, the wrong PINs, the sockets (so the search below saw a busy log).
  CHECK_THAT(out, Catch::Contains("a wrong PIN or key from 127.0.0.1"));
  CHECK_THAT(out, Catch::Contains("signed in as organiser from 127.0.0.1"));
  CHECK_THAT(out, Catch::Contains("signed in as kiosk from 127.0.0.1"));
  CHECK_THAT(out, Catch::Contains(") opened"));
  for (auto const& secret : {organiser, volunteer, key, new_key}) CHECK_THAT(out, !Catch::Contains(secret));
  for (auto const& w : wrong) CHECK_THAT(out, !Catch::Contains(w));
  for (auto const& name : names) CHECK_THAT(out, !Catch::Contains(name, Catch::CaseSensitive::No));
  for (auto const& line : lines_of(out)) {
    if (format == "json")
      check_json_record(line);
    else
      CHECK(std::regex_match(line, text_line));
  }
}

TEST_CASE("A bad --log-format or --log-level stops the server at start with exit 2, naming the option", "[app][log]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto format = spawn({"serve", "--port", "0", "--db", db, "--log-format", "yaml"}, dir.file("format.log"));
  REQUIRE(format.exited);
  CHECK(format.exit_code == 2);
  CHECK_THAT(format.output, Catch::Contains("--log-format must be text, json or auto, not 'yaml'"));
  auto level = spawn({"serve", "--port", "0", "--db", db, "--log-level", "loud"}, dir.file("level.log"));
  REQUIRE(level.exited);
  CHECK(level.exit_code == 2);
  CHECK_THAT(level.output, Catch::Contains("--log-level must be debug, info, warn or error, not 'loud'"));
  CHECK_FALSE(fs::exists(db));
}
