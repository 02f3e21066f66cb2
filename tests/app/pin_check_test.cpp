// PIN checks (Argon2id, tens of milliseconds each) run off the event loop: while secrets are hashed, the
// server keeps answering everyone else, and a socket's messages keep their order.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;

TEST_CASE("Requests with PINs to check do not hold up the others", "[net][app]") {
  LiveTent t;
  boost::asio::io_context& io = t.client_io();
  std::vector<std::unique_ptr<HttpClient>> guessers;
  for (int i = 0; i < 8; ++i) {  // eight new secrets, each compared with two hashes: 400 ms of hashing or more
    guessers.push_back(std::make_unique<HttpClient>(io, t.port()));
    guessers.back()->write_raw("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer 90000" +
                               std::to_string(i) + "\r\n\r\n");
  }
  HttpClient health(io, t.port());
  auto const ok = health.request(tent::net::test::make_request(tent::net::http::verb::get, "/healthz"));
  CHECK(ok.result_int() == 200);
  int answered_first = 0;
  for (auto& g : guessers) answered_first += g->available() > 0 ? 1 : 0;
  INFO(answered_first << " of the PIN requests were answered before /healthz");
  CHECK(answered_first < 8);  // checked on the event loop, all eight would come first
  for (auto& g : guessers) {
    auto const res = g->read_response();
    CHECK(res.result_int() == 401);
    CHECK(res.body().find("bad_pin") != std::string::npos);
  }
}

TEST_CASE("Messages sent right after a WebSocket sign-in wait for its PIN check", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  next_frame(*ws);
  ws->write(json{{"id", 1}, {"op", "auth"}, {"pin", volunteer_pin}}.dump());
  ws->write(R"({"id":2,"op":"table_create","name":"Couch A"})");  // before the sign-in's reply
  auto const signed_in = json::parse(ws->read());
  CHECK(signed_in.at("id") == 1);
  CHECK(signed_in.at("body").at("role") == "volunteer");
  CHECK(next_frame(*ws).at("audience") == "staff");
  CHECK(next_frame(*ws).at("type") == "update");
  auto const created = json::parse(ws->read());
  CHECK(created.at("id") == 2);
  CHECK(created.at("status") == 201);
}

TEST_CASE("A wrong PIN over the WebSocket is refused and counted like one over REST", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  next_frame(*ws);
  for (int i = 0; i < 5; ++i) {
    ws->write(R"({"id":"a","op":"auth","pin":"000000"})");
    CHECK(json::parse(ws->read()).at("body").at("error").at("code") == "bad_pin");
  }
  ws->write(json{{"id", "b"}, {"op", "auth"}, {"pin", volunteer_pin}}.dump());
  auto const locked = json::parse(ws->read());
  CHECK(locked.at("status") == 429);
  CHECK(t.get("/api/state", volunteer_pin).status == 429);  // the same address, locked on REST too
}
