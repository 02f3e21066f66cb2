#include "clients.hpp"
#include "live_server.hpp"
#include "net/context.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace tent::net;
using namespace tent::net::test;

TEST_CASE("A broadcast through the hub reaches every member in order", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient a(ioc, server.port());
  WsClient b(ioc, server.port());
  a.read();
  b.read();
  REQUIRE(server.on_server([&] { return server.handler().hub.size(); }) == 2);

  for (int i = 1; i <= 5; ++i) a.write("broadcast:frame " + std::to_string(i));
  for (int i = 1; i <= 5; ++i) {
    CHECK(a.read() == "frame " + std::to_string(i));
    CHECK(b.read() == "frame " + std::to_string(i));
  }
}

TEST_CASE("The hub counts members once and forgets sessions that left or died", "[net]") {
  boost::asio::io_context ioc;
  struct NullHandler : Handler {
    Answer handle(Request const&, std::string const&) override { return Response{}; }
    bool accepts_websocket(Request const&) override { return false; }
    void on_open(std::shared_ptr<WsSession> const&, Request const&) override {}
    void on_message(std::shared_ptr<WsSession> const&, std::string&&) override {}
    void on_close(WsSession&) override {}
  } handler;
  auto context = std::make_shared<Context>(ioc, handler, Options{});
  auto a = std::make_shared<WsSession>(tcp::socket(ioc), context, "10.0.0.1");
  auto b = std::make_shared<WsSession>(tcp::socket(ioc), context, "10.0.0.2");
  std::weak_ptr<WsSession> const watch_b = b;
  Hub hub;
  hub.join(a);
  hub.join(a);
  hub.join(b);
  CHECK(hub.size() == 2);
  CHECK(hub.contains(*a));

  hub.leave(*a);
  CHECK(hub.size() == 1);
  CHECK_FALSE(hub.contains(*a));

  b.reset();
  CHECK(watch_b.expired());  // membership does not keep a session alive
  hub.broadcast(Message::text("to nobody"));
  CHECK(hub.size() == 0);
  CHECK(a->queued() == 0);  // a session that never opened ignores send()
}

TEST_CASE("A session that leaves the hub gets no more broadcasts while the others do", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  WsClient stays(ioc, server.port());
  stays.read();
  {
    WsClient leaves(ioc, server.port());
    leaves.read();
    leaves.stream().close(websocket::close_code::normal);
  }
  REQUIRE(server.handler().wait_until([&] { return server.handler().closes.size() == 1; }));
  CHECK(server.on_server([&] { return server.handler().hub.size(); }) == 1);
  stays.write("broadcast:still here");
  CHECK(stays.read() == "still here");
}

TEST_CASE("A client that never reads is disconnected once its queue is full, and the others get every frame", "[net]") {
  Options options;
  if (GENERATE(true, false)) {
    options.ws_send_queue_max = 8;  // the bound in frames
  } else {
    options.ws_send_queue_max = 100'000;  // the bound in bytes: four frames of 64 KiB
    options.ws_send_bytes_max = 256 * 1024;
  }
  std::size_t const frame_size = 64 * 1024;
  LiveServer server(options, frame_size);
  boost::asio::io_context ioc;
  WsClient reader(ioc, server.port());
  WsClient stalled(ioc, server.port(), "/ws", 4096);  // a tiny receive window fills fast
  reader.read();
  std::string const hello = stalled.read();
  std::uint64_t const stalled_id = std::stoull(hello.substr(6));
  REQUIRE(server.on_server([&] { return server.handler().hub.size(); }) == 2);
  CHECK(server.slow_clients() == 0);

  // Paced by the reader: each "next" broadcasts one frame to both; the stalled client's share piles up
  // in the kernel buffers and then in its queue until the bound cuts it off.
  int const frames = 400;  // 25 MiB: far more than the socket buffers hold
  for (int i = 0; i < frames; ++i) {
    reader.write("next");
    std::string const frame = reader.read();
    REQUIRE(frame.size() == frame_size);
    REQUIRE(frame.starts_with(std::to_string(i) + ":"));
  }

  REQUIRE(server.handler().wait_until([&] { return server.handler().closes.count(stalled_id) == 1; }));
  CHECK(server.on_server([&] { return server.handler().hub.size(); }) == 1);
  CHECK(server.slow_clients() == 1);  // counted for GET /metrics
  boost::beast::error_code ec;
  CHECK(stalled.read_until_error(ec) < static_cast<std::size_t>(frames));
  CHECK(ec);
}

TEST_CASE("One frame larger than the byte bound is still sent to a session with nothing queued", "[net]") {
  Options options;
  options.ws_send_bytes_max = 1024;
  LiveServer server(options, 64 * 1024);
  boost::asio::io_context ioc;
  WsClient client(ioc, server.port());
  client.read();
  client.write("next");
  CHECK(client.read().size() == 64 * 1024);
  client.write("still open");
  CHECK(client.read() == "still open");
  CHECK(server.slow_clients() == 0);
}
