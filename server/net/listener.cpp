#include "net/listener.hpp"

#include "log/logger.hpp"
#include "net/fail.hpp"
#include "net/http_session.hpp"

#include <boost/asio/socket_base.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace tent::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::milliseconds accept_backoff{100};
constexpr std::chrono::seconds refusal_log_interval{10};

constexpr std::string_view too_many_body =
    R"({"error":{"code":"too_many_connections","message":"The server has too many connections open. Try again in a moment."}})";

// Answers 503 without reading the request and closes. The response is a few hundred bytes on a
// fresh socket, so one non-blocking write sends it whole; if it cannot, the client sees a close.
void refuse(tcp::socket& socket) {
  static std::string const response =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Retry-After: 5\r\nConnection: close\r\nContent-Length: " +
      std::to_string(too_many_body.size()) + "\r\n\r\n" + std::string(too_many_body);
  boost::beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(response), ec);
  socket.shutdown(tcp::socket::shutdown_send, ec);
  socket.close(ec);
}

void check(boost::beast::error_code ec, char const* step, tcp::endpoint const& endpoint) {
  if (!ec) return;
  std::ostringstream what;
  what << "cannot " << step << ' ' << endpoint;
  throw boost::system::system_error(ec, what.str());
}

}  // namespace

Listener::Listener(asio::io_context& ioc, tcp::endpoint const& endpoint, std::shared_ptr<Context> context)
    : ioc_(ioc), acceptor_(ioc), backoff_(ioc), context_(std::move(context)) {
  boost::beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  check(ec, "open socket for", endpoint);
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  check(ec, "set SO_REUSEADDR on", endpoint);
  acceptor_.bind(endpoint, ec);
  check(ec, "bind", endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  check(ec, "listen on", endpoint);
  local_ = acceptor_.local_endpoint(ec);
  check(ec, "read the local address of", endpoint);
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  stopped_ = true;
  boost::beast::error_code ec;
  acceptor_.close(ec);
  backoff_.cancel();
}

void Listener::do_accept() {
  if (stopped_) return;
  acceptor_.async_accept(ioc_, boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::beast::error_code ec, tcp::socket socket) {
  if (stopped_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    fail(ec, "accept");
    backoff_.expires_after(accept_backoff);
    backoff_.async_wait(boost::beast::bind_front_handler(&Listener::on_backoff, shared_from_this()));
    return;
  }
  boost::beast::error_code ignored;
  // Small frames must leave at once rather than wait for Nagle's algorithm to coalesce them.
  socket.set_option(tcp::no_delay(true), ignored);
  auto const remote = socket.remote_endpoint(ignored);
  if (ignored) return do_accept();  // the client is already gone
  auto ticket = context_->admission().admit(remote.address());
  if (!ticket) {
    refuse(socket);
    ++refused_;
    auto const now = std::chrono::steady_clock::now();
    if (now - last_refusal_log_ >= refusal_log_interval) {  // one line per interval, not one per refusal
      auto const from = remote.address().to_string();
      auto const open_in_all = context_->admission().total();
      auto const open_from = context_->admission().from(remote.address());
      log::warn("net",
                "refused " + std::to_string(refused_) + " connection(s) over the caps (" + std::to_string(open_in_all) +
                    " open in all, " + std::to_string(open_from) + " from " + from + ")",
                {{"refused", refused_}, {"open", open_in_all}, {"open_from_remote", open_from}, {"remote", from}});
      refused_ = 0;
      last_refusal_log_ = now;
    }
    return do_accept();
  }
  std::make_shared<HttpSession>(std::move(socket), context_, remote.address().to_string(), std::move(*ticket))->run();
  do_accept();
}

void Listener::on_backoff(boost::beast::error_code ec) {
  if (ec) return;
  do_accept();
}

}  // namespace tent::net
