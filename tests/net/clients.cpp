#include "clients.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/write.hpp>

#include <utility>

namespace tent::net::test {

namespace beast = boost::beast;

tcp::socket connect(boost::asio::io_context& ioc, unsigned short port, int receive_buffer) {
  tcp::socket socket(ioc);
  socket.open(tcp::v4());
  if (receive_buffer > 0) socket.set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer));
  socket.connect({boost::asio::ip::address_v4::loopback(), port});
  return socket;
}

Request make_request(http::verb method, std::string const& target, std::string body) {
  Request req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

Response HttpClient::request(Request req) {
  http::write(socket_, req);
  return read_response(req.method() == http::verb::head);
}

void HttpClient::write_raw(std::string const& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

Response HttpClient::read_response(bool head) {
  http::response_parser<http::string_body> parser;
  parser.skip(head);
  parser.body_limit(64 * 1024 * 1024);
  http::read(socket_, buffer_, parser);
  return parser.release();
}

bool HttpClient::closed_by_server() {
  char byte = 0;
  beast::error_code ec;
  socket_.read_some(boost::asio::buffer(&byte, 1), ec);
  return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
}

Response http_request(unsigned short port, Request req) {
  boost::asio::io_context ioc;
  HttpClient client(ioc, port);
  return client.request(std::move(req));
}

WsClient::WsClient(boost::asio::io_context& ioc, unsigned short port, std::string const& target, int receive_buffer)
    : ws_(connect(ioc, port, receive_buffer)) {
  ws_.read_message_max(64 * 1024 * 1024);
  ws_.handshake("127.0.0.1", target);
}

void WsClient::write(std::string const& text) {
  ws_.text(true);
  ws_.write(boost::asio::buffer(text));
}

void WsClient::write_binary(std::string const& bytes) {
  ws_.binary(true);
  ws_.write(boost::asio::buffer(bytes));
}

std::string WsClient::read() {
  buffer_.consume(buffer_.size());
  ws_.read(buffer_);
  return beast::buffers_to_string(buffer_.data());
}

std::size_t WsClient::read_until_error(beast::error_code& ec) {
  std::size_t frames = 0;
  for (;;) {
    buffer_.consume(buffer_.size());
    ws_.read(buffer_, ec);
    if (ec) return frames;
    ++frames;
  }
}

}  // namespace tent::net::test
