#include "net/message.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <thread>

using tent::net::Message;
using tcp = boost::asio::ip::tcp;
namespace websocket = boost::beast::websocket;

namespace {

std::string payload_of(std::size_t n) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

}  // namespace

TEST_CASE("A message is one unmasked text frame whose length takes the 7-, 16- or 64-bit form", "[net]") {
  auto const [size, header] = GENERATE(
      table<std::size_t, std::size_t>({{0, 2}, {1, 2}, {125, 2}, {126, 4}, {65535, 4}, {65536, 10}, {200'000, 10}}));
  auto const payload = payload_of(size);
  auto const m = Message::text(payload);
  REQUIRE(m);
  CHECK(m.size() == header + size);
  CHECK(m.payload() == payload);
  CHECK(static_cast<unsigned char>(m.bytes()[0]) == 0x81);        // FIN, text
  CHECK((static_cast<unsigned char>(m.bytes()[1]) & 0x80) == 0);  // not masked

  // A Beast client reads the bytes as written by a server that accepted its handshake.
  boost::asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {boost::asio::ip::address_v4::loopback(), 0});
  std::thread server([&] {
    websocket::stream<tcp::socket> ws(acceptor.accept());
    ws.accept();
    boost::asio::write(ws.next_layer(), boost::asio::buffer(m.bytes().data(), m.bytes().size()));
    boost::asio::write(ws.next_layer(), boost::asio::buffer(m.bytes().data(), m.bytes().size()));
    boost::beast::flat_buffer ignored;
    boost::beast::error_code ec;
    ws.read(ignored, ec);  // until the client closes
  });
  websocket::stream<tcp::socket> client(ioc);
  client.next_layer().connect(acceptor.local_endpoint());
  client.handshake("127.0.0.1", "/");
  for (int i = 0; i < 2; ++i) {
    boost::beast::flat_buffer buffer;
    client.read(buffer);
    CHECK(client.got_text());
    CHECK(boost::beast::buffers_to_string(buffer.data()) == payload);
  }
  client.close(websocket::close_code::normal);
  server.join();
}

TEST_CASE("A default message is empty and says so", "[net]") {
  Message const m;
  CHECK_FALSE(m);
  CHECK(m.size() == 0);
}
