#pragma once
// One HTTP/1.1 connection: reads requests one at a time (keep-alive), answers each through the
// Handler, and hands the socket to a WsSession when a WebSocket upgrade is accepted.
//
// Limits: body and header size from Options (413 / 431 JSON, then close), malformed requests get 400
// JSON then close, and each request read and response write must finish within Options::http_timeout.
// Error responses are followed by a lingering close (shut down sending, discard what the client is
// still sending, bounded in bytes and time) so the client reads the response instead of a reset.

#include "net/connection.hpp"
#include "net/context.hpp"
#include "net/handler.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tent::net {

class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession> {
public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Context> context, std::string remote_ip,
              Admission::Ticket ticket = {});
  ~HttpSession() override;
  HttpSession(HttpSession const&) = delete;
  HttpSession& operator=(HttpSession const&) = delete;

  void run();
  void shutdown() noexcept override;

private:
  enum class After { read_next, close, linger };

  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_request(Request&& req);
  void reject(beast::error_code ec);
  void respond(Request const& req, Answer answer);
  void do_write(Answer answer, After after);
  void on_write(After after, beast::error_code ec, std::size_t bytes);
  void do_close();
  void start_linger();
  void do_linger();
  void on_linger(beast::error_code ec, std::size_t bytes);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Request> request_;  // the request being answered; engaged until its response is queued
  std::optional<Answer> response_;  // the response being written; engaged only during a write
  std::shared_ptr<Context> context_;
  std::string remote_ip_;
  Admission::Ticket ticket_;    // this connection's place under the caps; passed on to a WsSession
  std::uint64_t lingered_ = 0;  // bytes discarded during the lingering close
};

}  // namespace tent::net
