#pragma once
// Blocking Beast clients for the tests, connecting to 127.0.0.1.

#include "net/handler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace tent::net::test {

using tcp = boost::asio::ip::tcp;
namespace websocket = boost::beast::websocket;

// `receive_buffer` > 0 shrinks the socket's receive buffer before connecting (a slow reader).
tcp::socket connect(boost::asio::io_context& ioc, unsigned short port, int receive_buffer = 0);

Request make_request(http::verb method, std::string const& target, std::string body = {});

// One keep-alive HTTP connection.
class HttpClient {
public:
  HttpClient(boost::asio::io_context& ioc, unsigned short port) : socket_(connect(ioc, port)) {}
  Response request(Request req);
  void write_raw(std::string const& bytes);
  // `head`: the response answers a HEAD request, so its Content-Length announces no body.
  Response read_response(bool head = false);
  // True if the server has closed the connection (the next read sees end of stream or a reset).
  bool closed_by_server();
  // Bytes the server has sent that are waiting to be read.
  std::size_t available() { return socket_.available(); }

private:
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// One request on a fresh connection.
Response http_request(unsigned short port, Request req);

class WsClient {
public:
  WsClient(boost::asio::io_context& ioc, unsigned short port, std::string const& target = "/ws",
           int receive_buffer = 0);
  void write(std::string const& text);
  void write_binary(std::string const& bytes);
  std::string read();
  // Reads until the server ends the connection; returns the frames received meanwhile and the error.
  std::size_t read_until_error(boost::beast::error_code& ec);
  websocket::stream<tcp::socket>& stream() { return ws_; }

private:
  websocket::stream<tcp::socket> ws_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace tent::net::test
