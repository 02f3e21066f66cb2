// GET /metrics end to end: who may read it, its values after known activity over real sockets, the
// --open-metrics switch of the real executable, and Prometheus's own check of its output (promtool).

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "live_tent.hpp"
#include "metrics_sample.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sys/wait.h>

using namespace tent::app::test;
using tent::net::http::verb;
namespace fs = std::filesystem;

namespace {

std::string const text_format = "text/plain; version=0.0.4; charset=utf-8";

// A table made and opened over REST; its id.
int open_table(LiveTent& t) {
  REQUIRE(t.post("/api/settings", {{"changeover_s", 0}}, organiser_pin).status == 200);  // the next call at once
  auto created = t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin);
  REQUIRE(created.status == 201);
  auto const id = created.body.at("table").at("id").get<int>();
  REQUIRE(t.post("/api/tables/" + std::to_string(id) + "/open", json::object(), volunteer_pin).status == 200);
  return id;
}

// Runs a shell command; its exit status and everything it wrote.
std::pair<int, std::string> run(std::string const& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int const status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace

TEST_CASE(
    "GET /metrics is the organiser's: 401 without a PIN, 403 with the volunteer's, the text format with the "
    "organiser's",
    "[app][metrics]") {
  LiveTent t;
  auto const none = t.get("/metrics");
  CHECK(none.status == 401);
  CHECK(none.body.at("error").at("code").is_string());
  CHECK(t.get("/metrics", volunteer_pin).status == 403);
  auto const ok = t.get("/metrics", organiser_pin);
  REQUIRE(ok.status == 200);
  CHECK(ok.raw[tent::net::http::field::content_type] == text_format);
  CHECK(ok.raw[tent::net::http::field::cache_control] == "no-store");
  CHECK(metric(ok.text, "tent_checkins_total") == 0);
  CHECK(t.request(verb::post, "/metrics", {}, organiser_pin).status == 405);
}

TEST_CASE(
    "GET /metrics reports check-ins, calls, waits and sessions, sockets by role and commits after known "
    "activity",
    "[app][metrics]") {
  LiveTent t;
  auto const table = std::to_string(open_table(t));
  for (auto bib : {"1", "2", "3"}) REQUIRE(t.post("/api/checkins", {{"bib", bib}}).status == 201);
  // "1" was called to the free table at once.
  t.advance(120);
  REQUIRE(t.post("/api/tables/" + table + "/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(600);
  REQUIRE(t.post("/api/tables/" + table + "/finish", json::object(), volunteer_pin).status == 200);

  auto watcher = t.subscribe();
  REQUIRE(next_frame(*watcher).at("type") == "snapshot");  // open: the server holds it as a display
  auto organiser = t.subscribe();
  REQUIRE(next_frame(*organiser).at("type") == "snapshot");
  organiser->write(json{{"id", 1}, {"op", "auth"}, {"pin", organiser_pin}}.dump());
  REQUIRE(json::parse(organiser->read()).at("body").at("role") == "organiser");

  auto const r = t.get("/metrics", organiser_pin);
  REQUIRE(r.status == 200);
  auto const& text = r.text;
  INFO(text);
  CHECK(metric(text, "tent_checkins_total") == 3);
  CHECK(metric(text, "tent_queue_length") == 1);  // "2" called after the finish, "3" waits
  CHECK(metric(text, "tent_calls_total") == 2);   // "1" arrived, "2" called now
  CHECK(metric(text, "tent_sessions_finished_total") == 1);
  CHECK(metric(text, "tent_no_shows_total") == 0);
  CHECK(metric(text, "tent_walkouts_total") == 0);
  CHECK(metric(text, "tent_referrals_total{from=\"kiosk\"}") == 0);
  CHECK(metric(text, "tent_wait_seconds_sum") == 120);
  CHECK(metric(text, "tent_wait_seconds_count") == 1);
  CHECK(metric(text, "tent_wait_seconds_bucket{le=\"120\"}") == 1);
  CHECK(metric(text, "tent_wait_seconds_bucket{le=\"60\"}") == 0);
  CHECK(metric(text, "tent_session_seconds_sum") == 600);
  CHECK(metric(text, "tent_session_seconds_bucket{le=\"600\"}") == 1);
  CHECK(metric(text, "tent_websocket_connections{role=\"display\"}") == 1);
  CHECK(metric(text, "tent_websocket_connections{role=\"organiser\"}") == 1);
  CHECK(metric(text, "tent_websocket_connections{role=\"volunteer\"}") == 0);
  CHECK(metric(text, "tent_websocket_connections{role=\"kiosk\"}") == 0);
  // Every batch of this fresh database was made durable by exactly one counted commit.
  auto const seq = static_cast<double>(t.seq());
  CHECK(metric(text, "tent_commit_batches_sum") == seq);
  CHECK(metric(text, "tent_commit_seconds_count") == metric(text, "tent_commit_batches_count"));
  CHECK(metric(text, "tent_commit_seconds_count") > 0);
  CHECK(metric(text, "tent_commit_seconds_bucket{le=\"+Inf\"}") == metric(text, "tent_commit_seconds_count"));
  CHECK(metric(text, "tent_slow_clients_disconnected_total") == 0);
  CHECK(lines_starting(text, "tent_backup_") == 0);  // backups are off

  watcher.reset();  // its close reaches the server: the display count drops back
  for (int i = 0; i < 200; ++i) {
    if (metric(t.get("/metrics", organiser_pin).text, "tent_websocket_connections{role=\"display\"}") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(metric(t.get("/metrics", organiser_pin).text, "tent_websocket_connections{role=\"display\"}") == 0);
}

TEST_CASE("serve --open-metrics answers GET /metrics without a PIN, which it needs otherwise", "[app][metrics]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  {
    auto server = spawn(serve_args(db), dir.file("closed.log"));
    REQUIRE(server.port != 0);
    CHECK(request(server.port, verb::get, "/metrics").result_int() == 401);
    CHECK(request(server.port, verb::get, "/metrics", organiser_pin).result_int() == 200);
    CHECK(stop(server) == 0);
  }
  auto server = spawn(serve_args(db, {"--open-metrics"}), dir.file("open.log"));
  REQUIRE(server.port != 0);
  int code = 0;
  post(server.port, "/api/checkins", R"({"bib":"5"})", code);
  REQUIRE(code == 201);
  auto const open = request(server.port, verb::get, "/metrics");
  CHECK(open.result_int() == 200);
  CHECK(open[tent::net::http::field::content_type] == text_format);
  CHECK(metric(open.body(), "tent_checkins_total") == 1);
  CHECK(request(server.port, verb::get, "/api/stats").result_int() == 401);  // only the metrics are open
  CHECK(stop(server) == 0);
}

TEST_CASE(
    "promtool check metrics accepts the real server's output after activity at two tents, backups on, without a "
    "lint warning",
    "[app][metrics][promtool]") {
  bool const required = std::getenv("TENT_REQUIRE_PROMTOOL") != nullptr;
  if (run("command -v promtool").first != 0) {
    REQUIRE_FALSE(required);  // TENT_REQUIRE_PROMTOOL is set (deploy/test.sh): promtool must be there
    WARN(
        "SKIPPED: promtool is not installed (Debian package prometheus); set TENT_REQUIRE_PROMTOOL=1 to fail "
        "instead");
    return;
  }
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto server = spawn(serve_args(dir.file("tent.db"), {"--backup-dir", dir.file("usb")}), dir.file("serve.log"));
  REQUIRE(server.port != 0);
  int code = 0;
  REQUIRE(request(server.port, verb::post, "/api/settings", organiser_pin, R"({"changeover_s":0})").result_int() ==
          200);
  post(server.port, "/api/tables", R"({"name":"Table 1"})", code);
  REQUIRE(code == 201);
  post(server.port, "/api/tables/1/open", "{}", code);
  REQUIRE(code == 200);
  for (auto bib : {"1", "2", "3", "4"}) {
    post(server.port, "/api/checkins", std::string(R"({"bib":")") + bib + "\"}", code);
    REQUIRE(code == 201);
  }
  post(server.port, "/api/checkins", R"({"bib":"9","triage":{"chest_or_breathing":true}})", code);
  REQUIRE(code / 100 == 2);
  for (auto step : {"arrived", "finish"}) {
    post(server.port, std::string("/api/tables/1/") + step, "{}", code);
    REQUIRE(code == 200);
  }
  post(server.port, "/api/tickets/4/leave", "{}", code);  // a walkout
  REQUIRE(code == 200);
  REQUIRE(request(server.port, verb::post, "/api/tents", organiser_pin, R"({"id":"family","name":"Family area"})")
              .result_int() == 201);
  post(server.port, "/t/family/api/checkins", R"({"bib":"5"})", code);
  REQUIRE(code == 201);
  boost::asio::io_context ioc;
  tent::net::test::WsClient ws(ioc, server.port);
  REQUIRE_FALSE(ws.read().empty());  // its snapshot: the server counts it

  std::string text;
  for (int i = 0; i < 200; ++i) {  // until the first backup is reported
    auto const r = request(server.port, verb::get, "/metrics", organiser_pin);
    REQUIRE(r.result_int() == 200);
    text = r.body();
    if (metric(text, "tent_backup_age_seconds")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  INFO(text);
  CHECK(metric(text, "tent_backup_age_seconds"));
  CHECK(metric(text, "tent_backup_last_failed") == 0);
  CHECK(metric(text, "tent_checkins_total") == 4);
  CHECK(metric(text, "tent_sessions_finished_total") == 1);
  CHECK(metric(text, "tent_walkouts_total") == 1);
  CHECK(metric(text, "tent_referrals_total{from=\"kiosk\"}") == 1);
  CHECK(metric(text, "tent_checkins_total{tent=\"family\"}") == 1);
  CHECK(metric(text, "tent_queue_length{tent=\"family\"}") == 1);
  CHECK(metric(text, "tent_referrals_total{from=\"kiosk\",tent=\"family\"}") == 0);
  CHECK(metric(text, "tent_wait_seconds_count{tent=\"family\"}") == 0);
  CHECK(metric(text, "tent_websocket_connections{role=\"display\"}") == 1);
  auto const file = dir.file("metrics.txt");
  { std::ofstream(file) << text; }
  auto const [status, output] = run("promtool check metrics < '" + file + "'");
  INFO(output);
  CHECK(status == 0);
  CHECK(output.empty());  // neither an error nor a lint warning
  CHECK(stop(server) == 0);
}
