#pragma once
// A whole tent server in the test process: a real SQLite file in a temp directory, the real
// TentServer behind a real Beast listener on a free loopback port, its io_context on a thread
// of its own. The tests talk to it only over sockets. The clock is the test's: it moves only
// when a test moves it.

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "app/tent_server.hpp"
#include "net/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

namespace tent::app::test {

using net::test::HttpClient;
using net::test::WsClient;
using nlohmann::json;

inline constexpr char const* volunteer_pin = "1111";
inline constexpr char const* organiser_pin = "222222";

struct HttpReply {
  int status = 0;
  json body;
  std::string text;
  net::Response raw;
};

class LiveTent {
public:
  explicit LiveTent(Secrets secrets = {volunteer_pin, organiser_pin, std::nullopt});
  ~LiveTent();

  void start();
  void stop();
  void restart() {
    stop();
    start();
  }

  unsigned short port() const { return port_; }
  std::string const& db() const { return db_; }
  void advance(std::int64_t seconds_) { now_ += seconds(seconds_); }

  HttpReply request(net::http::verb method, std::string const& target, std::string body = {}, char const* pin = nullptr,
                    std::string const& content_type = "application/json");
  HttpReply get(std::string const& target, char const* pin = nullptr) {
    return request(net::http::verb::get, target, {}, pin);
  }
  HttpReply post(std::string const& target, json const& body = json::object(), char const* pin = nullptr) {
    return request(net::http::verb::post, target, body.dump(), pin);
  }
  // The server's last seq, as a client sees it.
  std::int64_t seq() { return get("/api/state").body.at("seq").get<std::int64_t>(); }

  boost::asio::io_context& client_io() { return client_io_; }
  std::unique_ptr<WsClient> subscribe(std::string const& target = "/ws");

private:
  store::test::TempDir dir_;
  std::string db_;
  Secrets secrets_;
  std::atomic<Millis> now_{1'795'000'000'000};
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<boost::asio::io_context> ioc_;
  // A second thread for WebSocket sessions, as the server runs on two cores.
  std::unique_ptr<boost::asio::io_context> sockets_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> sockets_work_;
  std::thread sockets_thread_;
  std::unique_ptr<TentServer> app_;
  std::unique_ptr<net::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  boost::asio::io_context client_io_;
};

// Reads frames until one that is not a reply; fails the test on a malformed frame.
json next_frame(WsClient& ws);

}  // namespace tent::app::test
