// Connection caps: in total and per client address, loopback exempt from the latter by default.

#include "net/admission.hpp"

#include "clients.hpp"
#include "live_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

using namespace tent::net;
using boost::asio::ip::make_address;

TEST_CASE("The 201st connection from one address is refused until one of its 200 ends", "[net]") {
  Admission admission(AdmissionLimits{});
  auto const phone = make_address("10.0.0.5");
  std::vector<Admission::Ticket> held;
  for (int i = 0; i < 200; ++i) {
    auto t = admission.admit(phone);
    REQUIRE(t);
    held.push_back(std::move(*t));
  }
  CHECK_FALSE(admission.admit(phone));
  CHECK(admission.from(phone) == 200);
  CHECK(admission.admit(make_address("10.0.0.6")));  // another device is not affected
  held.pop_back();
  CHECK(admission.from(phone) == 199);
  CHECK(admission.admit(phone));
  CHECK(admission.total() == 199);  // tickets not kept release their place at once
  SECTION("an IPv4 client seen through an IPv6 socket counts as its IPv4 address") {
    auto mapped = admission.admit(make_address("::ffff:10.0.0.5"));
    REQUIRE(mapped);
    held.push_back(std::move(*mapped));
    CHECK(admission.from(phone) == 200);
    CHECK_FALSE(admission.admit(make_address("::ffff:10.0.0.5")));
  }
}

TEST_CASE("Loopback clients are held only to the total cap, unless the exemption is off", "[net]") {
  auto const exempt = GENERATE(true, false);
  Admission admission(AdmissionLimits{10, 3, exempt});
  std::vector<Admission::Ticket> held;
  int admitted = 0;
  for (auto const* address : {"127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.2", "::1"}) {
    if (auto t = admission.admit(make_address(address))) {
      held.push_back(std::move(*t));
      ++admitted;
    }
  }
  CHECK(admitted == (exempt ? 6 : 5));  // without the exemption 127.0.0.1 stops at 3
  while (held.size() < 10) {
    auto t = admission.admit(make_address("10.0.0." + std::to_string(held.size())));
    REQUIRE(t);
    held.push_back(std::move(*t));
  }
  CHECK_FALSE(admission.admit(make_address("127.0.0.9")));  // the total cap holds for everyone
  CHECK_FALSE(admission.admit(make_address("10.1.1.1")));
  held.clear();
  CHECK(admission.total() == 0);
}

TEST_CASE("A live server refuses connections over the per-address cap with 503 and takes new ones when others close",
          "[net]") {
  Options options;
  options.max_connections_per_address = 3;
  options.loopback_exempt = false;  // the tests only have 127.0.0.1
  test::LiveServer server(options);
  boost::asio::io_context ioc;
  auto healthy = [&](test::HttpClient& c) {
    return c.request(test::make_request(http::verb::get, "/healthz")).result() == http::status::ok;
  };
  std::vector<std::unique_ptr<test::HttpClient>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<test::HttpClient>(ioc, server.port()));
    REQUIRE(healthy(*held.back()));
  }
  auto ws = std::make_unique<test::WsClient>(ioc, server.port());  // the third: an upgraded socket still counts
  CHECK(ws->read().starts_with("hello"));

  test::HttpClient refused(ioc, server.port());
  auto const res = refused.read_response();  // answered without being asked
  CHECK(res.result() == http::status::service_unavailable);
  CHECK(res.body().find("too_many_connections") != std::string::npos);
  CHECK(refused.closed_by_server());

  ws.reset();  // closing the WebSocket frees its place once the session has ended
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.on_server([&] { return server.admitted(); }) > 2 && std::chrono::steady_clock::now() < deadline) {}
  test::HttpClient again(ioc, server.port());
  CHECK(healthy(again));
}
