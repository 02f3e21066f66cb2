#pragma once
// A real Server on 127.0.0.1, port 0, with its io_context run by a background thread, and the
// TestHandler behind it. Tests talk to it with blocking Beast clients from the test thread; anything
// that touches server state goes through on_server(), which runs on the io_context thread.

#include "net/handler.hpp"
#include "net/hub.hpp"
#include "net/options.hpp"
#include "net/server.hpp"
#include "net/static_files.hpp"
#include "net/ws_session.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tent::net::test {

using namespace std::chrono_literals;

// handle(): "/throw" throws; a request `files` (when set) serves is answered by it; anything else
// answers 200 text "<method> <target> <body>".
// WebSocket on "/ws...": on_open joins the hub and sends "hello <id>"; messages:
//   "close"        -> the server closes the session gracefully
//   "broadcast:X"  -> X is broadcast to the hub
//   "reply-after:X" -> X is broadcast to the hub, then "after X" is sent to the sender
//   "next"         -> the next numbered frame of `frame_size` bytes ("<n>:xxxx...") is broadcast
//   "queued"       -> answered with "queued <n>": the frames queued on this session before the answer
//   "two"          -> "one", then "two, after <n> queued": what "one" left in the queue
//   anything else  -> echoed to the sender
// Counters are guarded by a mutex because the test thread reads them.
class TestHandler : public Handler {
public:
  Answer handle(Request const& req, std::string const& remote_ip) override;
  bool accepts_websocket(Request const& req) override;
  void on_open(std::shared_ptr<WsSession> const& s, Request const& upgrade_req) override;
  void on_message(std::shared_ptr<WsSession> const& s, std::string&& text) override;
  void on_close(WsSession& s) override;

  // Waits until pred() (called under the lock) holds; false if the deadline passed first.
  bool wait_until(std::function<bool()> const& pred, std::chrono::milliseconds timeout = 10s);

  std::size_t frame_size = 64;  // set before the server starts
  std::atomic<StaticFiles const*> files{nullptr};
  // Every callback checks it runs on the application's thread; the count of those that did not.
  std::atomic<std::thread::id> app_thread;
  std::atomic<int> off_thread{0};
  Hub hub;  // io_context thread only

  // Guarded by mutex().
  std::mutex& mutex() { return mutex_; }
  std::vector<std::uint64_t> opened;
  std::map<std::uint64_t, int> closes;
  std::vector<std::string> remote_ips;
  std::map<std::uint64_t, std::size_t> shard_of;  // session id -> the index of its shard
  int requests = 0;
  int messages = 0;  // WebSocket messages received

private:
  void check_thread();
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t next_frame_ = 0;
};

class LiveServer {
public:
  explicit LiveServer(Options options = {}, std::size_t frame_size = 64);
  ~LiveServer();
  LiveServer(LiveServer const&) = delete;
  LiveServer& operator=(LiveServer const&) = delete;

  unsigned short port() const { return port_; }
  TestHandler& handler() { return handler_; }

  // Runs f on the io_context thread and returns its result; throws if it does not run within 10 s.
  template <class F>
  auto on_server(F f) -> decltype(f()) {
    auto task = std::make_shared<std::packaged_task<decltype(f())()>>(std::move(f));
    auto result = task->get_future();
    boost::asio::post(ioc_, [task] { (*task)(); });
    if (result.wait_for(10s) != std::future_status::ready) throw std::runtime_error("server thread did not respond");
    return result.get();
  }

  // Connections the server holds a place for; call through on_server().
  std::size_t admitted() const { return server_->admitted(); }
  std::uint64_t slow_clients() const { return server_->slow_clients(); }

  // Calls Server::stop on the io_context thread; true if io_context::run then returned within 10 s.
  bool stop_and_wait();

private:
  boost::asio::io_context ioc_;
  // A second thread for WebSocket sessions: sessions alternate between it and ioc_'s.
  boost::asio::io_context sockets_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> sockets_work_;
  std::thread sockets_thread_;
  TestHandler handler_;
  std::optional<Server> server_;
  unsigned short port_ = 0;
  std::promise<void> finished_;
  std::future<void> finished_future_;
  std::thread thread_;
};

}  // namespace tent::net::test
