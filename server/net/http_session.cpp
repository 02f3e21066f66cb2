#include "net/http_session.hpp"

#include "log/logger.hpp"
#include "net/fail.hpp"
#include "net/json_error.hpp"
#include "net/ws_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>
#include <utility>
#include <variant>

namespace tent::net {

namespace {

// A lingering close discards at most this much and waits at most this long for the client to stop.
constexpr std::uint64_t linger_max_bytes = 16 * 1024 * 1024;
constexpr std::chrono::milliseconds linger_max_time = std::chrono::seconds(5);
constexpr std::size_t linger_chunk = 16 * 1024;

bool is_http_parse_error(beast::error_code ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Context> context, std::string remote_ip,
                         Admission::Ticket ticket)
    : stream_(std::move(socket)),
      context_(std::move(context)),
      remote_ip_(std::move(remote_ip)),
      ticket_(std::move(ticket)) {}

HttpSession::~HttpSession() { context_->remove(*this); }

void HttpSession::run() {
  context_->add(*this);
  do_read();
}

void HttpSession::shutdown() noexcept {
  try {
    boost::asio::dispatch(stream_.get_executor(), [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->stream_.close();
    });
  } catch (std::exception const& e) {  // no memory for the handler
    log::error("net", std::string("http shutdown failed: ") + e.what());
  }
}

namespace {

// The same connection, registered with another io_context (a shard's); closed if that fails.
boost::asio::ip::tcp::socket move_to(boost::asio::ip::tcp::socket socket, boost::asio::io_context& ioc) {
  if (&static_cast<boost::asio::io_context&>(socket.get_executor().context()) == &ioc) return socket;
  beast::error_code ec;
  auto const protocol = socket.local_endpoint(ec).protocol();
  if (ec) return boost::asio::ip::tcp::socket(ioc);
  auto const fd = socket.release(ec);
  if (ec) return boost::asio::ip::tcp::socket(ioc);
  return boost::asio::ip::tcp::socket(ioc, protocol, fd);
}

}  // namespace

void HttpSession::do_read() {
  if (context_->stopped()) return;  // shut down while the last response was being written
  Options const& opt = context_->options();
  parser_.emplace();
  parser_->body_limit(opt.body_limit);
  parser_->header_limit(opt.header_limit);
  stream_.expires_after(opt.http_timeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::partial_message) return;  // the client went away mid-request
  if (ec && is_http_parse_error(ec)) return reject(ec);
  if (ec) return fail(ec, "http read");
  if (context_->stopped()) return;
  on_request(parser_->release());
}

void HttpSession::on_request(Request&& req) {
  Handler& handler = context_->handler();
  try {
    if (beast::websocket::is_upgrade(req)) {
      if (!handler.accepts_websocket(req)) {
        return respond(req, json_error(http::status::not_found, "not_found", "no WebSocket endpoint at this path",
                                       req.version(), req.keep_alive()));
      }
      // The socket leaves this session for a shard's thread; the WsSession sets its own timeouts.
      stream_.expires_never();
      auto& shard = context_->next_shard();
      auto session = std::make_shared<WsSession>(move_to(stream_.release_socket(), shard.io()), context_, remote_ip_,
                                                 std::move(ticket_));
      boost::asio::post(shard.io(), [session, req = std::move(req)]() mutable { session->run(std::move(req)); });
      return;
    }
    request_.emplace(std::move(req));
    handler.handle_async(*request_, remote_ip_, [self = shared_from_this()](Answer answer) {
      if (!self->request_) return;  // answered already
      Request const answered = std::move(*self->request_);
      self->request_.reset();
      self->respond(answered, std::move(answer));
    });
  } catch (std::exception const& e) {
    Request const& failed = request_ ? *request_ : req;
    // The path only: a query could carry what a client typed.
    auto const path = std::string(failed.target().substr(0, failed.target().find('?')));
    log::error("net", "handler failed for " + path + ": " + e.what(), {{"path", path}, {"remote", remote_ip_}});
    respond(failed, json_error(http::status::internal_server_error, "internal_error", "the server failed to answer",
                               failed.version(), false));
    request_.reset();
  }
}

void HttpSession::reject(beast::error_code ec) {
  Options const& opt = context_->options();
  if (ec == http::error::body_limit) {
    return do_write(json_error(http::status::payload_too_large, "body_too_large",
                               "request body exceeds " + std::to_string(opt.body_limit) + " bytes", 11, false),
                    After::linger);
  }
  if (ec == http::error::header_limit) {
    return do_write(json_error(http::status::request_header_fields_too_large, "headers_too_large",
                               "request headers exceed " + std::to_string(opt.header_limit) + " bytes", 11, false),
                    After::linger);
  }
  do_write(json_error(http::status::bad_request, "bad_request", "malformed HTTP request: " + ec.message(), 11, false),
           After::linger);
}

void HttpSession::respond(Request const& req, Answer answer) {
  bool keep_alive = false;
  std::visit(
      [&](auto& res) {
        keep_alive = req.keep_alive() && res.keep_alive() && !context_->stopped();
        res.version(req.version());
        res.keep_alive(keep_alive);
        if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
      },
      answer);
  if (req.method() == http::verb::head) {  // the header alone: its Content-Length still describes the GET body
    if (auto* file = std::get_if<FileResponse>(&answer)) answer = Response(std::move(file->base()));
    std::get<Response>(answer).body().clear();
  }
  do_write(std::move(answer), keep_alive ? After::read_next : After::close);
}

void HttpSession::do_write(Answer answer, After after) {
  response_.emplace(std::move(answer));
  stream_.expires_after(context_->options().http_timeout);
  std::visit(
      [this, after](auto& res) {
        http::async_write(stream_, res, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), after));
      },
      *response_);
}

void HttpSession::on_write(After after, beast::error_code ec, std::size_t) {
  response_.reset();
  if (ec) return fail(ec, "http write");
  switch (after) {
    case After::read_next:
      return do_read();
    case After::close:
      return do_close();
    case After::linger:
      return start_linger();
  }
}

void HttpSession::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  // The session ends here; the destructor closes the socket.
}

void HttpSession::start_linger() {
  beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) return;
  buffer_.consume(buffer_.size());
  stream_.expires_after(std::min(context_->options().http_timeout, linger_max_time));
  do_linger();
}

void HttpSession::do_linger() {
  stream_.async_read_some(buffer_.prepare(linger_chunk),
                          beast::bind_front_handler(&HttpSession::on_linger, shared_from_this()));
}

void HttpSession::on_linger(beast::error_code ec, std::size_t bytes) {
  if (ec) return;  // end of stream, timeout or reset: the lingering close is over
  lingered_ += bytes;
  if (lingered_ > linger_max_bytes) return;
  do_linger();
}

}  // namespace tent::net
