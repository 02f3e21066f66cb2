// Hostile clients on the tent Wi-Fi, against the real executable: the server's memory stays
// bounded and it keeps answering.

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "server_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

using nlohmann::json;
using tent::app::test::ServerProcess;
using tent::net::test::HttpClient;
using tent::net::test::make_request;
using tent::net::test::WsClient;
namespace http = tent::net::http;

namespace {

std::vector<std::string> serve_args(tent::store::test::TempDir const& dir) {
  return {"serve",           "--bind", "127.0.0.1",       "--port", "0", "--db", dir.file("tent.db"),
          "--volunteer-pin", "1111",   "--organiser-pin", "222222"};
}

}  // namespace

TEST_CASE("Sockets asking for snapshots without reading leave the server's memory bounded and /healthz quick",
          "[app][abuse]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  ServerProcess server(serve_args(dir), dir.file("server.log"));
  REQUIRE(server.port() != 0);
  boost::asio::io_context ioc;
  {
    HttpClient kiosk(ioc, server.port());
    for (int bib = 1; bib <= 1500; ++bib) {  // a public snapshot of about 28 KB
      auto res =
          kiosk.request(make_request(http::verb::post, "/api/checkins", json{{"bib", std::to_string(bib)}}.dump()));
      REQUIRE(res.result_int() == 201);
    }
  }
  auto const rss_before = server.rss_kb();

  // Ten sockets with tiny receive windows ask for 400 snapshots each and read nothing. Before the
  // limits each request queued its own copy: 10 x 400 x 28 KB, over 100 MB.
  constexpr int sockets = 10, requests = 400;
  std::vector<std::unique_ptr<WsClient>> attackers;
  for (int i = 0; i < sockets; ++i) {
    attackers.push_back(std::make_unique<WsClient>(ioc, server.port(), "/ws", 4096));
    for (int r = 0; r < requests; ++r) attackers.back()->write(R"({"op":"snapshot"})");
    // A check-in after the requests: once it is in, the server has handled every request before it.
    attackers.back()->write(json{{"id", "last"}, {"op", "checkin"}, {"bib", "A" + std::to_string(i)}}.dump());
  }
  HttpClient probe(ioc, server.port());
  for (int i = 0; i < sockets; ++i) {
    int status = 0;
    for (int tries = 0; tries < 10'000 && status != 200; ++tries)
      status = static_cast<int>(
          probe.request(make_request(http::verb::get, "/api/tickets/A" + std::to_string(i))).result_int());
    REQUIRE(status == 200);
  }

  auto const rss_during = server.rss_kb();
  INFO("RSS before " << rss_before << " kB, during the attack " << rss_during << " kB");
  CHECK(rss_during - rss_before < 40 * 1024);

  auto slowest = std::chrono::milliseconds(0);
  for (int i = 0; i < 20; ++i) {
    auto const start = std::chrono::steady_clock::now();
    auto res = probe.request(make_request(http::verb::get, "/healthz"));
    slowest = std::max(slowest,
                       std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start));
    REQUIRE(res.result_int() == 200);
  }
  INFO("slowest /healthz " << slowest.count() << " ms");
  CHECK(slowest < std::chrono::milliseconds(200));  // 10 ms on an idle machine; CI shares its cores

  // What one attacker was sent: one snapshot at a time, the other requests refused.
  int snapshots = 0, pending = 0;
  for (;;) {
    auto const frame = json::parse(attackers.front()->read());
    if (frame.at("type") == "snapshot") ++snapshots;
    if (frame.at("type") == "reply" && frame.at("id") == "last") break;
    if (frame.at("type") == "reply" && frame.at("body").at("error").at("code") == "snapshot_pending") ++pending;
  }
  INFO(snapshots << " snapshots, " << pending << " refused");
  CHECK(snapshots + pending == requests + 1);  // the one sent on connecting and one per request
  // A snapshot counts as sent once the kernel has taken it, at once when its send buffer has room
  // (tcp_wmem allows up to 4 MiB, about 140 of these snapshots): only the rest are refused.
  CHECK(snapshots < requests / 2);
}
