#include "clients.hpp"
#include "live_server.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/system/system_error.hpp>
#include <catch2/catch.hpp>

using namespace tent::net;
using namespace tent::net::test;

namespace {

struct NullHandler : Handler {
  Answer handle(Request const&, std::string const&) override { return Response{}; }
  bool accepts_websocket(Request const&) override { return false; }
  void on_open(std::shared_ptr<WsSession> const&, Request const&) override {}
  void on_message(std::shared_ptr<WsSession> const&, std::string&&) override {}
  void on_close(WsSession&) override {}
};

}  // namespace

TEST_CASE("Binding a port that is already in use throws", "[net]") {
  boost::asio::io_context ioc;
  tcp::acceptor taken(ioc, {boost::asio::ip::address_v4::loopback(), 0});
  NullHandler handler;
  CHECK_THROWS_AS(Server(ioc, taken.local_endpoint(), handler), boost::system::system_error);
}

TEST_CASE("Binding an address this machine does not have throws", "[net]") {
  boost::asio::io_context ioc;
  NullHandler handler;
  // 192.0.2.1 is TEST-NET-1, reserved for documentation and never assigned to a host.
  CHECK_THROWS_AS(Server(ioc, {boost::asio::ip::make_address_v4("192.0.2.1"), 0}, handler),
                  boost::system::system_error);
}

TEST_CASE("Binding port 0 reports the real port", "[net]") {
  boost::asio::io_context ioc;
  NullHandler handler;
  Server server(ioc, {boost::asio::ip::address_v4::loopback(), 0}, handler);
  CHECK(server.port() != 0);
}

TEST_CASE("stop() closes idle HTTP and WebSocket connections so io_context::run returns", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  HttpClient idle_http(ioc, server.port());
  CHECK(idle_http.request(make_request(http::verb::get, "/")).result() == http::status::ok);
  WsClient ws(ioc, server.port());
  ws.read();
  CHECK(server.on_server([] { return 0; }) == 0);

  REQUIRE(server.stop_and_wait());
  CHECK(idle_http.closed_by_server());
  boost::beast::error_code ec;
  ws.read_until_error(ec);
  CHECK(ec);
}

TEST_CASE("After stop() no new connection is accepted", "[net]") {
  LiveServer server;
  REQUIRE(server.stop_and_wait());
  boost::asio::io_context ioc;
  tcp::socket socket(ioc);
  boost::beast::error_code ec;
  socket.connect({boost::asio::ip::address_v4::loopback(), server.port()}, ec);
  CHECK(ec == boost::asio::error::connection_refused);
}
