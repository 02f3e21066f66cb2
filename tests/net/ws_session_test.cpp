#include "clients.hpp"
#include "live_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace tent::net;
using namespace tent::net::test;

namespace {

std::uint64_t id_from_hello(std::string const& hello) {
  REQUIRE(hello.starts_with("hello "));
  return std::stoull(hello.substr(6));
}

}  // namespace

TEST_CASE("A WebSocket upgrade to an accepted path opens a session that exchanges messages", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port(), "/ws?since=5");

  std::uint64_t const id = id_from_hello(client.read());  // sent by on_open through send()
  client.write("ping one");
  client.write("ping two");
  CHECK(client.read() == "ping one");
  CHECK(client.read() == "ping two");

  std::lock_guard lock(server.handler().mutex());
  CHECK(server.handler().opened == std::vector<std::uint64_t>{id});
  CHECK(server.handler().closes.empty());
}

TEST_CASE("A WebSocket upgrade to a path the handler refuses gets 404 JSON", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  websocket::stream<tcp::socket> ws(connect(ioc, server.port()));
  websocket::response_type res;
  boost::beast::error_code ec;
  ws.handshake(res, "127.0.0.1", "/nope", ec);
  CHECK(ec == websocket::error::upgrade_declined);
  CHECK(res.result() == http::status::not_found);
  CHECK(nlohmann::json::parse(res.body()).at("error").at("code") == "not_found");
  std::lock_guard lock(server.handler().mutex());
  CHECK(server.handler().opened.empty());
}

TEST_CASE("Each WebSocket session gets a distinct id", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient a(ioc, server.port());
  WsClient b(ioc, server.port());
  CHECK(id_from_hello(a.read()) != id_from_hello(b.read()));
}

TEST_CASE("A binary frame closes the session with a policy error", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  std::uint64_t const id = id_from_hello(client.read());
  client.write_binary("\x01\x02");
  boost::beast::error_code ec;
  CHECK(client.read_until_error(ec) == 0);
  CHECK(ec == websocket::error::closed);
  CHECK(client.stream().reason().code == websocket::close_code::policy_error);
  CHECK(server.handler().wait_until([&] { return server.handler().closes.count(id) == 1; }));
}

TEST_CASE("A message over read_message_max closes the session", "[net]") {
  Options options;
  options.ws_read_message_max = 1024;
  LiveServer server(options);
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  std::uint64_t const id = id_from_hello(client.read());
  client.write(std::string(1025, 'm'));
  boost::beast::error_code ec;
  CHECK(client.read_until_error(ec) == 0);
  CHECK(ec == websocket::error::closed);
  CHECK(client.stream().reason().code == websocket::close_code::too_big);
  CHECK(server.handler().wait_until([&] { return server.handler().closes.count(id) == 1; }));
}

TEST_CASE("close() delivers the frames already queued before the close frame", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  std::uint64_t const id = id_from_hello(client.read());
  server.on_server([&] {
    // Queue two frames and close in one go, as the app does when it refuses a session.
    auto& hub = server.handler().hub;
    hub.broadcast(Message::text("last words"));
    hub.broadcast(Message::text("really last"));
    return 0;
  });
  client.write("close");
  CHECK(client.read() == "last words");
  CHECK(client.read() == "really last");
  boost::beast::error_code ec;
  CHECK(client.read_until_error(ec) == 0);
  CHECK(ec == websocket::error::closed);
  CHECK(client.stream().reason().code == websocket::close_code::normal);
  CHECK(server.handler().wait_until([&] { return server.handler().closes.count(id) == 1; }));
}

TEST_CASE("on_close is called exactly once per opened session, however it ends", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient by_client(ioc, server.port());
  WsClient by_server(ioc, server.port());
  WsClient by_stop(ioc, server.port());
  std::uint64_t const a = id_from_hello(by_client.read());
  std::uint64_t const b = id_from_hello(by_server.read());
  std::uint64_t const c = id_from_hello(by_stop.read());

  by_client.stream().close(websocket::close_code::normal);
  by_server.write("close");
  boost::beast::error_code ec;
  by_server.read_until_error(ec);
  CHECK(ec == websocket::error::closed);
  REQUIRE(server.handler().wait_until([&] { return server.handler().closes.size() == 2; }));

  REQUIRE(server.stop_and_wait());  // the io_context has run out of work: no call can come later
  std::lock_guard lock(server.handler().mutex());
  CHECK(server.handler().opened.size() == 3);
  CHECK(server.handler().closes == std::map<std::uint64_t, int>{{a, 1}, {b, 1}, {c, 1}});
}

TEST_CASE("Messages arrive whole whatever their size, and in fragments, one read after another", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  client.read();
  client.write("");
  CHECK(client.read().empty());
  client.write("x");
  CHECK(client.read() == "x");
  std::string const big(40'000, 'b');
  client.write(big);
  CHECK(client.read() == big);
  client.stream().write_some(false, boost::asio::buffer(std::string("frag")));
  client.stream().write_some(false, boost::asio::buffer(std::string("men")));
  client.stream().write_some(true, boost::asio::buffer(std::string("ted")));
  CHECK(client.read() == "fragmented");
  client.write("y");
  CHECK(client.read() == "y");
}

TEST_CASE("A frame sent to a client that keeps up leaves at once and is never queued", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  client.read();
  client.write("two");
  CHECK(client.read() == "one");
  CHECK(client.read() == "two, after 0 queued");
}

TEST_CASE("A client that stops reading and then reads gets every queued frame, whole and in order", "[net]") {
  Options options;
  options.ws_send_bytes_max = 64 * 1024 * 1024;  // room for the whole burst in the send queue
  std::size_t const frame_size = 64 * 1024;
  LiveServer server(options, frame_size);
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port(), "/ws", 4096);  // a tiny receive window fills fast
  client.read();

  int const frames = 400;  // 25 MiB: far more than the socket buffers hold, so most of it waits queued
  for (int i = 0; i < frames; ++i) client.write("next");
  client.write("queued");  // answered with the frames queued at that moment, behind them
  // Read only once the server has made every frame, so that they pile up however slow it is.
  REQUIRE(server.handler().wait_until([&] { return server.handler().messages == frames + 1; }, 60s));
  for (int i = 0; i < frames; ++i) {
    std::string const frame = client.read();
    REQUIRE(frame.size() == frame_size);
    REQUIRE(frame.starts_with(std::to_string(i) + ":"));
  }
  std::string const queued = client.read();
  REQUIRE(queued.starts_with("queued "));
  CHECK(std::stoull(queued.substr(7)) > 1);  // the frames did wait in the queue, and left it in order
}

TEST_CASE("A client that pings constantly while large frames are sent gets valid frames and every pong", "[net]") {
  Options options;
  options.ws_send_bytes_max = 64 * 1024 * 1024;
  std::size_t const frame_size = 64 * 1024;
  LiveServer server(options, frame_size);
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port(), "/ws", 4096);
  client.read();
  std::vector<std::string> pongs;
  client.stream().control_callback([&](websocket::frame_type kind, boost::beast::string_view payload) {
    if (kind == websocket::frame_type::pong) pongs.emplace_back(payload);
  });

  int const rounds = 200;
  for (int i = 0; i < rounds; ++i) {
    client.write("next");
    client.stream().ping(websocket::ping_data(std::to_string(i)));
  }
  client.write("end");  // echoed after every frame and pong above
  for (int i = 0; i < rounds; ++i) {
    std::string const frame = client.read();  // a malformed or interleaved frame fails the read
    REQUIRE(frame.size() == frame_size);
    REQUIRE(frame.starts_with(std::to_string(i) + ":"));
  }
  CHECK(client.read() == "end");
  REQUIRE(pongs.size() == static_cast<std::size_t>(rounds));
  for (std::size_t i = 0; i < pongs.size(); ++i) CHECK(pongs[i] == std::to_string(i));
}
