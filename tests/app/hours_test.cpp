// Therapists' hours over a real socket: GET /api/hours and the hours CSV, the organiser's.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;

TEST_CASE("hours: each therapist's shifts, time on shift and sessions, as JSON and CSV", "[app][hours]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"count", 2}}, volunteer_pin).status == 201);
  for (int table : {1, 2})
    REQUIRE(t.post("/api/tables/" + std::to_string(table) + "/open", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/1/therapist", {{"name", "Ann Lee"}}, volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "5"}}).status == 201);  // called to table 1
  t.advance(60);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(600);
  REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
  t.advance(1140);  // 30 minutes at table 1, then Ann moves to table 2 for 15
  REQUIRE(t.post("/api/tables/2/therapist", {{"name", "ann lee"}}, volunteer_pin).status == 200);  // as typed
  t.advance(900);

  CHECK(t.get("/api/hours").status == 401);
  CHECK(t.get("/api/hours", volunteer_pin).status == 403);
  auto const hours = t.get("/api/hours", organiser_pin);
  REQUIRE(hours.status == 200);
  REQUIRE(hours.body["therapists"].size() == 1);
  auto const& ann = hours.body["therapists"][0];
  CHECK(ann["name"] == "Ann Lee");
  CHECK(ann["on_shift_s"] == 45 * 60);
  CHECK(ann["sessions"] == 1);
  CHECK(ann["in_session_s"] == 600);
  REQUIRE(ann["shifts"].size() == 2);
  CHECK(ann["shifts"][0]["table_name"] == "Table 1");
  CHECK(ann["shifts"][0]["to"].is_number());
  CHECK(ann["shifts"][1]["to"].is_null());  // still on
  // The dashboard's statistics use time on shift.
  auto const stats = t.get("/api/stats", organiser_pin).body;
  CHECK(stats["therapists"][0]["on_shift_s"] == 45 * 60);
  CHECK(stats["therapists"][0]["utilisation"].get<double>() == Approx(600.0 / 2700));

  auto const csv = t.get("/api/export/hours.csv", organiser_pin);
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.text, Catch::StartsWith("therapist,table,table_name,shift_start,shift_end,shift_minutes,sessions,"
                                         "session_minutes\r\nAnn Lee,1,Table 1,"));
  CHECK_THAT(csv.text, Catch::Contains(",30.0,1,10.0\r\nAnn Lee,2,Table 2,"));  // one name, as in the hours
  CHECK_THAT(csv.text, Catch::EndsWith(",,15.0,0,0.0\r\n"));
  // A restart rebuilds the same hours from the log.
  t.restart();
  CHECK(t.get("/api/hours", organiser_pin).body == hours.body);
}

TEST_CASE("hours: names beyond ASCII are one therapist case aside, and minutes are rounded", "[app][hours]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"count", 2}}, volunteer_pin).status == 201);
  for (int table : {1, 2})
    REQUIRE(t.post("/api/tables/" + std::to_string(table) + "/open", json::object(), volunteer_pin).status == 200);
  auto const first = t.post("/api/tables/1/therapist", {{"name", "ZOË"}}, volunteer_pin);
  REQUIRE(first.status == 200);
  CHECK_FALSE(first.body.contains("taken_off"));
  t.advance(40);
  // The same person typed in lower case at table 2: taken off table 1, and the reply says so.
  auto const moved = t.post("/api/tables/2/therapist", {{"name", "zoë"}}, volunteer_pin);
  REQUIRE(moved.status == 200);
  CHECK(moved.body["taken_off"] == json{{"table", 1}, {"name", "Table 1"}, {"state", "break"}});
  t.advance(20);

  auto const hours = t.get("/api/hours", organiser_pin).body;
  REQUIRE(hours["therapists"].size() == 1);
  CHECK(hours["therapists"][0]["name"] == "ZOË");
  CHECK(hours["therapists"][0]["on_shift_s"] == 60);
  CHECK(hours["therapists"][0]["shifts"].size() == 2);
  auto const csv = t.get("/api/export/hours.csv", organiser_pin).text;
  CHECK_THAT(csv, Catch::Contains(",0.7,0,0.0\r\nZOË,2,Table 2,"));  // 40 s is 0.7 minutes, to the nearest tenth
  CHECK_THAT(csv, Catch::EndsWith(",,0.3,0,0.0\r\n"));
}

TEST_CASE("hours: a therapist with a runner stays until the session ends, and the table they leave calls nobody",
          "[app][hours]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"count", 2}}, volunteer_pin).status == 201);
  for (int table : {1, 2})
    REQUIRE(t.post("/api/tables/" + std::to_string(table) + "/open", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/1/therapist", {{"name", "Ann Lee"}}, volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/2/therapist", {{"name", "Bo Chen"}}, volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "5"}}).status == 201);  // called to table 1
  auto const before = t.get("/api/state", volunteer_pin).body;
  for (auto const& [path, name] : {std::pair{"/api/tables/1/therapist", ""}, {"/api/tables/2/therapist", "ann lee"}}) {
    auto const refused = t.post(path, {{"name", name}}, volunteer_pin);
    CHECK(refused.status == 409);
    CHECK(refused.body["error"]["code"] == "therapist_busy");
    CHECK_THAT(refused.body["error"]["message"].get<std::string>(), Catch::Contains("once that session has ended"));
  }
  CHECK(t.get("/api/state", volunteer_pin).body == before);  // nothing changed

  // Bo signs out of free table 2: it goes on a break, and the next runner waits rather than being
  // called to an empty couch.
  auto const out = t.post("/api/tables/2/therapist", {{"name", ""}}, volunteer_pin);
  REQUIRE(out.status == 200);
  CHECK(out.body["table"]["state"] == "break");
  REQUIRE(t.post("/api/checkins", {{"bib", "6"}}).status == 201);
  auto state = t.get("/api/state", volunteer_pin).body;
  CHECK(state["tables"][1]["state"] == "break");
  CHECK(state["queue"].size() == 1);
  // Cy signs in there: the break ends and bib 6 is called.
  REQUIRE(t.post("/api/tables/2/therapist", {{"name", "Cy"}}, volunteer_pin).status == 200);
  state = t.get("/api/state", volunteer_pin).body;
  CHECK(state["tables"][1]["state"] == "called");
  CHECK(state["tables"][1]["bib"] == "6");
}
