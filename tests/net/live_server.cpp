#include "live_server.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <utility>

namespace tent::net::test {

Response TestHandler::handle(Request const& req, std::string const& remote_ip) {
  {
    std::lock_guard lock(mutex_);
    ++requests;
    remote_ips.push_back(remote_ip);
  }
  if (req.target() == "/throw") throw std::runtime_error("handler failure requested");
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/plain");
  res.body() = std::string(req.method_string()) + " " + std::string(req.target()) + " " + req.body();
  return res;
}

bool TestHandler::accepts_websocket(Request const& req) { return req.target().starts_with("/ws"); }

void TestHandler::on_open(std::shared_ptr<WsSession> const& s, Request const&) {
  hub.join(s);
  s->send(Message::text("hello " + std::to_string(s->id())));
  std::lock_guard lock(mutex_);
  opened.push_back(s->id());
  changed_.notify_all();
}

void TestHandler::on_message(std::shared_ptr<WsSession> const& s, std::string&& text) {
  if (text == "close") return s->close();
  if (text == "queued") return void(s->send(Message::text("queued " + std::to_string(s->queued()))));
  if (text == "two") {
    s->send(Message::text("one"));
    return void(s->send(Message::text("two, after " + std::to_string(s->queued()) + " queued")));
  }
  if (text.starts_with("broadcast:")) return hub.broadcast(Message::text(text.substr(10)));
  if (text == "next") {
    std::string frame = std::to_string(next_frame_++) + ":";
    frame.resize(std::max(frame_size, frame.size()), 'x');
    return hub.broadcast(Message::text(std::move(frame)));
  }
  s->send(Message::text(std::move(text)));
}

void TestHandler::on_close(WsSession& s) {
  hub.leave(s);
  std::lock_guard lock(mutex_);
  ++closes[s.id()];
  changed_.notify_all();
}

bool TestHandler::wait_until(std::function<bool()> const& pred, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, pred);
}

LiveServer::LiveServer(Options options, std::size_t frame_size) {
  handler_.frame_size = frame_size;
  server_.emplace(ioc_, boost::asio::ip::tcp::endpoint{boost::asio::ip::address_v4::loopback(), 0}, handler_,
                  options);
  port_ = server_->port();
  finished_future_ = finished_.get_future();
  thread_ = std::thread([this] {
    ioc_.run();
    finished_.set_value();
  });
}

LiveServer::~LiveServer() {
  if (!stop_and_wait()) ioc_.stop();  // the test already failed; do not hang on top of it
  thread_.join();
  server_.reset();
}

bool LiveServer::stop_and_wait() {
  if (finished_future_.wait_for(0s) == std::future_status::ready) return true;
  boost::asio::post(ioc_, [this] { server_->stop(); });
  return finished_future_.wait_for(10s) == std::future_status::ready;
}

}  // namespace tent::net::test
