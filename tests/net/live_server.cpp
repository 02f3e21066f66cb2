#include "live_server.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <utility>

namespace tent::net::test {

void TestHandler::check_thread() {
  if (std::this_thread::get_id() != app_thread.load()) ++off_thread;
}

Answer TestHandler::handle(Request const& req, std::string const& remote_ip) {
  check_thread();
  {
    std::lock_guard lock(mutex_);
    ++requests;
    remote_ips.push_back(remote_ip);
  }
  if (req.target() == "/throw") throw std::runtime_error("handler failure requested");
  if (auto const* static_files = files.load())
    if (auto answer = static_files->serve(req)) return std::move(*answer);
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/plain");
  res.body() = std::string(req.method_string()) + " " + std::string(req.target()) + " " + req.body();
  return res;
}

bool TestHandler::accepts_websocket(Request const& req) {
  check_thread();
  return req.target().starts_with("/ws");
}

void TestHandler::on_open(std::shared_ptr<WsSession> const& s, Request const&) {
  check_thread();
  hub.join(s);
  s->send(Message::text("hello " + std::to_string(s->id())));
  std::lock_guard lock(mutex_);
  opened.push_back(s->id());
  shard_of[s->id()] = s->shard().index();
  changed_.notify_all();
}

void TestHandler::on_message(std::shared_ptr<WsSession> const& s, std::string&& text) {
  check_thread();
  {
    std::lock_guard lock(mutex_);
    ++messages;
    changed_.notify_all();
  }
  if (text == "close") return s->close();
  if (text.starts_with("reply-after:")) {
    auto const x = text.substr(12);
    hub.broadcast(Message::text(x));
    s->send(Message::text("after " + x));
    return;
  }
  // The queue is the session's own: read it on the session's thread, behind what was sent before.
  if (text == "queued")
    return s->shard().submit([s] { s->write(Message::text("queued " + std::to_string(s->queued()))); });
  if (text == "two") {
    return s->shard().submit([s] {
      s->write(Message::text("one"));
      s->write(Message::text("two, after " + std::to_string(s->queued()) + " queued"));
    });
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
  check_thread();
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
  sockets_work_.emplace(sockets_.get_executor());
  sockets_thread_ = std::thread([this] { sockets_.run(); });
  server_.emplace(ioc_, boost::asio::ip::tcp::endpoint{boost::asio::ip::address_v4::loopback(), 0}, handler_, options,
                  std::vector<boost::asio::io_context*>{&ioc_, &sockets_});
  port_ = server_->port();
  finished_future_ = finished_.get_future();
  handler_.app_thread = std::thread::id{};
  std::promise<void> started;
  thread_ = std::thread([this, &started] {
    handler_.app_thread = std::this_thread::get_id();
    started.set_value();
    ioc_.run();
    finished_.set_value();
  });
  started.get_future().wait();
}

LiveServer::~LiveServer() {
  if (!stop_and_wait()) {  // the test already failed; do not hang on top of it
    ioc_.stop();
    sockets_.stop();
  }
  thread_.join();
  sockets_work_.reset();
  sockets_thread_.join();
  server_.reset();
}

bool LiveServer::stop_and_wait() {
  if (finished_future_.wait_for(0s) == std::future_status::ready) return true;
  boost::asio::post(ioc_, [this] { server_->stop(); });
  return finished_future_.wait_for(10s) == std::future_status::ready;
}

}  // namespace tent::net::test
