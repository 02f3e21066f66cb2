#include "live_tent.hpp"

#include "app/options.hpp"

#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>

namespace tent::app::test {

LiveTent::LiveTent(Secrets secrets) : db_(dir_.file("tent.db")), secrets_(std::move(secrets)) { start(); }

LiveTent::~LiveTent() { stop(); }

void LiveTent::start() {
  store_ = std::make_unique<store::EventStore>(db_);
  access_ = std::make_unique<Access>(*store_, secrets_);
  ioc_ = std::make_unique<boost::asio::io_context>();
  app_ = std::make_unique<TentServer>(*ioc_, *store_, *access_, default_web_root(), [this] { return now_.load(); });
  sockets_ = std::make_unique<boost::asio::io_context>();
  server_ = std::make_unique<net::Server>(
      *ioc_, boost::asio::ip::tcp::endpoint{boost::asio::ip::make_address("127.0.0.1"), 0}, *app_, net::Options{},
      std::vector<boost::asio::io_context*>{ioc_.get(), sockets_.get()});
  app_->report_transport(server_.get());
  port_ = server_->port();
  thread_ = std::thread([this] { ioc_->run(); });
  sockets_work_.emplace(sockets_->get_executor());  // until stop(): the thread then finishes what it has
  sockets_thread_ = std::thread([this] { sockets_->run(); });
}

void LiveTent::stop() {
  if (!thread_.joinable()) return;
  boost::asio::post(*ioc_, [this] { server_->stop(); });
  thread_.join();
  sockets_work_.reset();
  sockets_thread_.join();
  server_.reset();
  app_.reset();
  sockets_.reset();
  ioc_.reset();
  access_.reset();
  store_.reset();
}

HttpReply LiveTent::request(net::http::verb method, std::string const& target, std::string body, char const* pin,
                            std::string const& content_type) {
  auto req = net::test::make_request(method, target, std::move(body));
  req.set(net::http::field::content_type, content_type);
  if (pin) req.set(net::http::field::authorization, std::string("Bearer ") + pin);
  HttpClient client(client_io_, port_);
  HttpReply r;
  r.raw = client.request(std::move(req));
  r.status = static_cast<int>(r.raw.result_int());
  r.text = r.raw.body();
  r.body = json::parse(r.text, nullptr, false);
  return r;
}

std::unique_ptr<WsClient> LiveTent::subscribe(std::string const& target) {
  return std::make_unique<WsClient>(client_io_, port_, target);
}

json next_frame(WsClient& ws) {
  for (;;) {
    auto j = json::parse(ws.read(), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    if (j.at("type") != "reply") return j;
  }
}

}  // namespace tent::app::test
