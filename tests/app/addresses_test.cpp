// GET /api/addresses end to end: the organiser's, answered from where the server really listens.
// Bound to loopback (LiveTent) it lists none and says why; the real executable bound to every
// interface lists this machine's addresses, each of which really reaches it, and prints the same
// ones at start.

#include "../store/temp_dir.hpp"
#include "live_tent.hpp"
#include "net/host_addresses.hpp"
#include "process.hpp"

#include <boost/asio/connect.hpp>
#include <catch2/catch.hpp>

#include <filesystem>

using namespace tent::app::test;
using tent::net::http::verb;

namespace {

// GET `target` from `host`:`port` on a fresh connection: its status (0 when it cannot connect).
int status_from(std::string const& host, unsigned short port, std::string const& target) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address(host), port}, ec);
  if (ec) return 0;
  boost::beast::http::write(socket, tent::net::test::make_request(verb::get, target), ec);
  if (ec) return 0;
  boost::beast::flat_buffer buffer;
  tent::net::Response res;
  boost::beast::http::read(socket, buffer, res, ec);
  return ec ? 0 : static_cast<int>(res.result_int());
}

}  // namespace

TEST_CASE("GET /api/addresses bound to loopback lists none, says why, and needs the organiser PIN", "[app]") {
  LiveTent t;
  CHECK(t.get("/api/addresses").status == 401);
  CHECK(t.get("/api/addresses", volunteer_pin).status == 403);
  auto const r = t.get("/api/addresses", organiser_pin);
  REQUIRE(r.status == 200);
  CHECK(r.body.at("port") == t.port());
  CHECK(r.body.at("bound") == "127.0.0.1");
  CHECK(r.body.at("addresses") == json::array());
  CHECK(r.body.at("reason") == "loopback");
  auto const head = t.request(verb::head, "/api/addresses", {}, organiser_pin);
  CHECK(head.status == 200);
  CHECK(head.text.empty());
}

TEST_CASE("Bound to every interface, the server lists this machine's addresses, each of which reaches it", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const log = dir.file("serve.log");
  auto server = spawn({"serve", "--bind", "0.0.0.0", "--port", "0", "--db", dir.file("tent.db"), "--volunteer-pin",
                       volunteer_pin, "--organiser-pin", organiser_pin},
                      log);
  REQUIRE(server.port != 0);
  auto const res = request(server.port, verb::get, "/api/addresses", organiser_pin);
  REQUIRE(res.result_int() == 200);
  auto const body = json::parse(res.body());
  CHECK(body.at("port") == server.port);
  CHECK(body.at("bound") == "0.0.0.0");
  auto const expected = tent::net::reachable_addresses(tent::net::local_interfaces(), boost::asio::ip::address_v4());
  CHECK(body.at("addresses") == json(expected.addresses));
  CHECK(body.at("reason") == to_string(expected.reason));
  // The start-up log (JSON lines, as the output is not a terminal) names each page at each address.
  for (auto const& address : expected.addresses) {
    INFO(address);
    CHECK(status_from(address, server.port, "/healthz") == 200);
    auto const base = "http://" + address + ":" + std::to_string(server.port);
    CHECK(wait_for_output(server, log, "\"url\":\"" + base + "/console/\""));
  }
  CHECK(wait_for_output(server, log, "/status/?bib=1234"));  // the last page of the last address
  auto const printed = server.output;
  auto const loopback = "http://127.0.0.1:" + std::to_string(server.port) + "/console/";
  if (expected.addresses.empty())  // a machine on no network: the laptop's own address
    CHECK(printed.find(loopback) != std::string::npos);
  else  // loopback is no address for the tent's devices
    CHECK(printed.find(loopback) == std::string::npos);
  CHECK(stop(server) == 0);
}
