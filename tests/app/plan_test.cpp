// POST /api/plan over a real socket: the organiser's, answered off the event loop, one plan at a
// time; a plan that replays the tent's recorded day reads it from a copy of the database.

#include "app/planning.hpp"
#include "live_tent.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

using namespace tent::app::test;
using tent::app::Planner;
using tent::app::Reply;

namespace {

json steady_plan() {
  return {{"arrivals", {{"per_hour", 30}, {"hours", 2}}}, {"tables", 4}, {"session", {{"dist", "fixed"}}}};
}

}  // namespace

TEST_CASE("plan: the organiser's simulation, refused to others and for a bad field", "[app][plan]") {
  LiveTent t;
  CHECK(t.post("/api/plan", steady_plan()).status == 401);
  CHECK(t.post("/api/plan", steady_plan(), volunteer_pin).status == 403);
  auto const ok = t.post("/api/plan", steady_plan(), organiser_pin);
  REQUIRE(ok.status == 200);
  CHECK(ok.body["served"] == ok.body["arrivals"]);
  CHECK(ok.body["arrivals"].get<int>() > 30);
  CHECK(ok.body["buckets"].size() >= 8);
  CHECK(ok.body.contains("elapsed_ms"));
  // The same plan, the same answer (less the time it took).
  auto again = t.post("/api/plan", steady_plan(), organiser_pin).body;
  again["elapsed_ms"] = ok.body["elapsed_ms"];
  CHECK(again == ok.body);

  auto bad = steady_plan();
  bad["take_up"] = 2;
  bad.erase("arrivals");
  bad["finishers"] = {{"count", 100}, {"start", "9:00"}, {"median_min", 60}, {"p90_min", 80}};
  auto const refused = t.post("/api/plan", bad, organiser_pin);
  CHECK(refused.status == 422);
  CHECK(refused.body["error"]["code"] == "invalid_field");
  CHECK_THAT(refused.body["error"]["message"].get<std::string>(), Catch::Contains("take_up"));
  CHECK(t.seq() == 0);  // planning changes nothing

  auto const goal = t.post(
      "/api/plan", {{"arrivals", {{"per_hour", 30}, {"hours", 2}}}, {"goal", {{"p90_wait_min", 10}}}}, organiser_pin);
  REQUIRE(goal.status == 200);
  CHECK(goal.body["staffing"]["met"] == true);
  CHECK(goal.body["staffing"]["tables"].size() == 2);
}

TEST_CASE("plan: what if, on the tent's own recorded day", "[app][plan]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"count", 2}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  // Five runners, one table: each session ten minutes.
  for (auto const* bib : {"1", "2", "3", "4", "5"}) REQUIRE(t.post("/api/checkins", {{"bib", bib}}).status == 201);
  for (int i = 0; i < 5; ++i) {
    t.advance(30);
    REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
    t.advance(600);
    REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
    t.advance(60);
    REQUIRE(t.post("/api/tables/1/ready", json::object(), volunteer_pin).status == 200);
  }
  auto const replay =
      t.post("/api/plan", {{"arrivals", "recorded"}, {"session", {{"dist", "recorded"}}}}, organiser_pin);
  REQUIRE(replay.status == 200);
  CHECK(replay.body["actual"]["served"] == 5);
  CHECK(replay.body["recorded_tables"].size() >= 1);
  CHECK(replay.body["served"] == 5);
  // What happened: the last runner waited four turns of 11.5 minutes, as the simulation of the
  // same staffing says.
  CHECK(replay.body["actual"]["wait"]["max_s"] == 4 * 690 + 30);
  CHECK(replay.body["wait"]["max_s"] == replay.body["actual"]["wait"]["max_s"]);
  // With two tables, the line would have been shorter.
  auto const two = t.post("/api/plan", {{"arrivals", "recorded"}, {"tables", 2}}, organiser_pin);
  REQUIRE(two.status == 200);
  CHECK(two.body["wait"]["max_s"].get<int>() < replay.body["actual"]["wait"]["max_s"].get<int>());
  // Another tent has no recorded day.
  REQUIRE(t.post("/api/tents", {{"id", "family"}, {"name", "Family area"}}, organiser_pin).status == 201);
  auto const none = t.post("/t/family/api/plan", {{"arrivals", "recorded"}, {"tables", 2}}, organiser_pin);
  CHECK(none.status == 422);
}

TEST_CASE("plan: one plan at a time, the answer on the event loop", "[app][plan]") {
  boost::asio::io_context ioc;
  Planner planner(ioc, "");
  std::vector<Reply> answers;
  auto const keep = [&](Reply r) { answers.push_back(std::move(r)); };
  REQUIRE(planner.run(steady_plan(), "", keep));
  CHECK_FALSE(planner.run(steady_plan(), "", keep));  // the first is still being worked out
  ioc.run();                                          // returns once the answer has been handed back
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].status == 200);
  CHECK(planner.run(json{{"take_up", "most"}}, "", keep));  // free again
  ioc.restart();
  ioc.run();
  REQUIRE(answers.size() == 2);
  CHECK(answers[1].status == 422);
}
