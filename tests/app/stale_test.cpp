// Actions checked against what the volunteer saw: `expect` over real sockets, REST and WebSocket.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;

namespace {

// Table 1 open with bib 5 called to it (auto-assign); bibs 6 and 7 waiting behind.
void table_with_runner_called(LiveTent& t) {
  REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  for (auto bib : {"5", "6", "7"}) REQUIRE(t.post("/api/checkins", {{"bib", bib}}).status == 201);
}

json seen(std::string const& state, json bib = nullptr) { return {{"expect", {{"state", state}, {"bib", bib}}}}; }

// The next update frame must be the one `marker` produces: nothing was published in between.
void check_next_frame_is_marker(LiveTent& t, WsClient& ws, std::int64_t seq) {
  REQUIRE(t.post("/api/checkins", {{"bib", "99"}}).status == 201);
  auto const f = next_frame(ws);
  CHECK(f.at("seq") == seq + 1);
  CHECK(f.dump().find("\"99\"") != std::string::npos);
}

}  // namespace

TEST_CASE("A table op with a matching expectation runs, and a second one seeing the old state is told it is stale",
          "[net][app]") {
  LiveTent t;
  table_with_runner_called(t);
  auto ws = t.subscribe();
  auto const seq = next_frame(*ws).at("seq").get<std::int64_t>();

  auto arrived = t.post("/api/tables/1/arrived", seen("called", "5"), volunteer_pin);
  REQUIRE(arrived.status == 200);
  CHECK(arrived.body.at("table").at("state") == "in_session");
  CHECK(next_frame(*ws).at("seq") == seq + 1);

  // A second volunteer, or a second tap, still seeing "called": nothing happens.
  auto again = t.post("/api/tables/1/finish", seen("called", "5"), volunteer_pin);
  CHECK(again.status == 409);
  CHECK(again.body.at("error").at("code") == "stale");
  CHECK(again.body.at("error").at("message") == "Bib 5 already arrived at Table 1: someone else got there first.");
  CHECK(again.body.at("table").at("state") == "in_session");
  CHECK(again.body.at("table").at("bib") == "5");
  CHECK(again.body.at("table").contains("therapist"));  // the staff view
  CHECK(t.seq() == seq + 1);

  t.advance(300);
  REQUIRE(t.post("/api/tables/1/finish", seen("in_session", "5"), volunteer_pin).status == 200);
  auto late = t.post("/api/tables/1/finish", seen("in_session", "5"), volunteer_pin);
  CHECK(late.status == 409);
  CHECK(late.body.at("error").at("message") == "Table 1 already finished: someone else got there first.");
  CHECK(late.body.at("table").at("state") == "changeover");
  // The tap that would have skipped the couch wipe: "ready" from someone who saw the session.
  CHECK(t.post("/api/tables/1/ready", seen("in_session", "5"), volunteer_pin).status == 409);
  CHECK(t.get("/api/state").body.at("tables").at(0).at("state") == "changeover");
  CHECK(next_frame(*ws).at("seq") == seq + 2);  // the finish
  check_next_frame_is_marker(t, *ws, seq + 2);
}

TEST_CASE("Over the WebSocket a stale op gets 409 with the current table and publishes nothing", "[net][app]") {
  LiveTent t;
  table_with_runner_called(t);
  auto watcher = t.subscribe();
  auto const seq = next_frame(*watcher).at("seq").get<std::int64_t>();
  auto staff = t.subscribe();
  next_frame(*staff);
  staff->write(R"({"id":1,"op":"auth","pin":"1111"})");
  REQUIRE(json::parse(staff->read()).at("status") == 200);
  REQUIRE(next_frame(*staff).at("audience") == "staff");

  staff->write(R"({"id":2,"op":"call","table":1,"expect":{"state":"free","bib":null}})");
  auto const stale = json::parse(staff->read());
  CHECK(stale.at("type") == "reply");
  CHECK(stale.at("id") == 2);
  CHECK(stale.at("status") == 409);
  CHECK(stale.at("body").at("error").at("code") == "stale");
  CHECK(stale.at("body").at("error").at("message") ==
        "Table 1 has already called bib 5: someone else got there first.");
  CHECK(stale.at("body").at("table").at("state") == "called");
  CHECK(stale.at("body").at("table").at("bib") == "5");

  staff->write(R"({"id":3,"op":"arrived","table":1,"expect":{"state":"called","bib":"5"}})");
  CHECK(next_frame(*staff).at("seq") == seq + 1);  // the broadcast goes out before the reply
  auto const ok = json::parse(staff->read());
  CHECK(ok.at("id") == 3);
  CHECK(ok.at("status") == 200);

  CHECK(next_frame(*watcher).at("seq") == seq + 1);  // the arrival, and nothing for the stale op
  check_next_frame_is_marker(t, *watcher, seq + 1);
}

TEST_CASE("A queue op names the place the volunteer saw, and a runner who moved meanwhile is not touched",
          "[net][app]") {
  LiveTent t;
  for (auto bib : {"1", "2", "3"}) REQUIRE(t.post("/api/checkins", {{"bib", bib}}).status == 201);
  auto ws = t.subscribe();
  auto const seq = next_frame(*ws).at("seq").get<std::int64_t>();

  REQUIRE(t.post("/api/queue/3/move", {{"position", 1}, {"expect", {{"position", 3}}}}, volunteer_pin).status == 200);
  auto stale = t.post("/api/queue/2/remove", {{"expect", {{"position", 2}}}}, volunteer_pin);
  CHECK(stale.status == 409);
  CHECK(stale.body.at("error").at("code") == "stale");
  CHECK(stale.body.at("error").at("message") ==
        "Bib 2 is now number 3 in the queue, not 2: someone else got there first.");
  CHECK(stale.body.at("ticket").at("position") == 3);
  CHECK(stale.body.at("ticket").at("status") == "waiting");
  CHECK(t.post("/api/queue/2/priority", {{"expect", {{"position", 1}}}}, volunteer_pin).status == 409);
  CHECK(t.get("/api/state").body.at("queue").size() == 3);

  REQUIRE(t.post("/api/queue/2/remove", {{"expect", {{"position", 3}}}}, volunteer_pin).status == 200);
  CHECK(next_frame(*ws).at("seq") == seq + 1);
  CHECK(next_frame(*ws).at("seq") == seq + 2);
  check_next_frame_is_marker(t, *ws, seq + 2);
}

TEST_CASE("A malformed expectation is refused before anything is checked", "[net][app]") {
  LiveTent t;
  table_with_runner_called(t);
  auto const seq = t.seq();
  auto r = t.post("/api/tables/1/arrived", {{"expect", {{"state", "waiting"}}}}, volunteer_pin);
  CHECK(r.status == 422);
  CHECK(r.body.at("error").at("code") == "invalid_field");
  auto q = t.post("/api/queue/6/remove", {{"expect", {{"position", "first"}}}}, volunteer_pin);
  CHECK(q.status == 422);
  CHECK(q.body.at("error").at("code") == "invalid_field");
  CHECK(t.seq() == seq);
  // Without an expectation an op behaves as it always did.
  CHECK(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
}
