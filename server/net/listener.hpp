#pragma once
// Accepts TCP connections and starts an HttpSession for each. Binding happens in the constructor and
// throws (boost::system::system_error naming the endpoint) so that a port in use or a bad address
// stops the program instead of leaving a server that serves nothing. Accept errors after startup
// (e.g. out of file descriptors) are logged and retried after a short pause instead of spinning.
// Each accepted socket takes a place under the Context's connection caps (Admission); one over a
// cap is answered 503 too_many_connections at once and closed, without a session.

#include "net/context.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace tent::net {

class Listener : public std::enable_shared_from_this<Listener> {
public:
  Listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint const& endpoint,
           std::shared_ptr<Context> context);
  Listener(Listener const&) = delete;
  Listener& operator=(Listener const&) = delete;

  void run();
  // Stops accepting; connections already accepted are not touched.
  void stop();
  // The bound endpoint (the real port when constructed with port 0).
  boost::asio::ip::tcp::endpoint const& local_endpoint() const { return local_; }

private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  void on_backoff(boost::beast::error_code ec);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  boost::asio::ip::tcp::endpoint local_;
  std::shared_ptr<Context> context_;
  bool stopped_ = false;
  std::size_t refused_ = 0;  // refusals since the last log line
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

}  // namespace tent::net
