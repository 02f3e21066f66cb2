// One envelope for REST and WebSocket: one error shape (net::error_body) for the application's
// refusals, its WebSocket replies and the transport's own errors, and one body bound.

#include "app/reply.hpp"

#include "app/tent_server.hpp"
#include "live_tent.hpp"
#include "net/json_error.hpp"
#include "net/options.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <variant>

using namespace tent;
using namespace tent::app::test;
using verb = tent::net::http::verb;

TEST_CASE("A refusal has one shape in a REST reply, a WebSocket reply and the transport's own errors", "[app]") {
  auto const expected =
      json::parse(R"({"error":{"code":"unknown_table","message":"There is no table with that number."}})");
  auto const reply = app::error_reply(protocol::wire_error(Error::unknown_table));
  CHECK(reply.status == 404);
  CHECK(reply.body == expected);
  CHECK(json::parse(app::http_response(reply).body()) == expected);
  auto const frame = json::parse(app::reply_frame("r1", reply));
  CHECK(frame == json{{"type", "reply"}, {"id", "r1"}, {"status", 404}, {"body", expected}});
  auto const transport =
      net::json_error(net::http::status::not_found, "unknown_table", "There is no table with that number.", 11, true);
  CHECK(json::parse(transport.body()) == expected);
}

TEST_CASE("A REST reply is JSON and never cached, a 429 says when to retry", "[app]") {
  auto r = app::error_reply({429, "too_many_attempts", "Wait."});
  r.body["retry_after_s"] = 30;
  auto const res = app::http_response(r);
  CHECK(res.result_int() == 429);
  CHECK(res[net::http::field::content_type] == "application/json");
  CHECK(res[net::http::field::cache_control] == "no-store");
  CHECK(res[net::http::field::retry_after] == "30");
}

TEST_CASE("Over a WebSocket, a frame that is not an op gets the same refusals as a REST body", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  next_frame(*ws);  // the snapshot
  ws->write("[1,2]");
  auto reply = json::parse(ws->read());
  CHECK(reply.at("status") == 400);
  CHECK(reply.at("body") == app::error_reply(protocol::bad_json("a frame must be a JSON object")).body);
  CHECK(t.request(verb::post, "/api/checkins", "[1,2]").body.at("error").at("code") == "bad_json");
  ws->write(R"({"id":7,"bib":"12"})");
  reply = json::parse(ws->read());
  CHECK(reply.at("id") == 7);
  CHECK(reply.at("status") == 422);
  CHECK(reply.at("body") == app::error_reply(protocol::missing_field("op")).body);
}

TEST_CASE("A request handed to the server directly has the transport's body bound", "[app]") {
  boost::asio::io_context ioc;
  store::EventStore store(":memory:");
  app::Access access(store, {volunteer_pin, organiser_pin, std::nullopt});
  app::TentServer server(ioc, store, access, std::filesystem::temp_directory_path(),
                         [] { return Millis{1'795'000'000'000}; });
  auto request = [&](std::size_t size) {
    std::string body = R"({"bib":"12","pad":")";
    body += std::string(size - body.size() - 2, 'x') + "\"}";
    REQUIRE(body.size() == size);
    net::Request req{verb::post, "/api/checkins", 11};
    req.body() = body;
    req.prepare_payload();
    return std::get<net::Response>(server.handle(req, "127.0.0.1"));
  };
  auto const over = request(net::max_body_bytes + 1);
  CHECK(over.result_int() == 400);
  CHECK(json::parse(over.body()).at("error").at("code") == "bad_json");
  CHECK(request(net::max_body_bytes).result_int() == 201);
  CHECK(net::Options{}.body_limit == net::max_body_bytes);
  CHECK(net::Options{}.ws_read_message_max == net::max_message_bytes);
}
