// What an anonymous subscriber (a phone on the tent Wi-Fi) receives: nothing a public ticket
// does not show. Health data (areas), roster data (names, categories) and the staff's view of
// the line (priority, quoted wait) stay with the staff.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;
using verb = tent::net::http::verb;

namespace {

// Words that may not appear in anything the public is sent: field names as JSON keys, and the
// values the test put behind them.
std::vector<std::string> const leaks = {"\"areas\"",
                                        "\"category\"",
                                        "\"priority\"",
                                        "\"quoted_wait_s\"",
                                        "\"by_volunteer\"",
                                        "\"request_id\"",
                                        "\"red_flags\"",
                                        "\"priority_category\"",
                                        "\"refused_categories\"",
                                        "\"count\"",
                                        "\"entries\"",
                                        "calves",
                                        "lower_back",
                                        "Ana",
                                        "Silva",
                                        "Marathon",
                                        "Elite",
                                        "Jo Bloggs",
                                        "kiosk-7-0001",
                                        "dizzy"};

void check_public(std::string const& text) {
  INFO(text);
  for (auto const& word : leaks) CHECK(text.find(word) == std::string::npos);
}

}  // namespace

TEST_CASE("An anonymous subscriber never receives areas, categories, priorities, quotes or names", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  auto const snap = next_frame(*ws);
  REQUIRE(snap.at("audience") == "public");
  auto const first_seq = snap.at("seq").get<std::int64_t>();

  auto csv = "bib,first_name,last_name,race\n7,Ana,Silva,Marathon\n8,Ben,Okafor,Elite\n";
  REQUIRE(t.request(verb::post, "/api/roster", csv, organiser_pin, "text/csv").status == 200);
  REQUIRE(t.post("/api/settings", {{"priority_category", "Elite"}, {"refused_categories", {"Kids"}}}, organiser_pin)
              .status == 200);
  REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/therapist", {{"name", "Jo Bloggs"}}, volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "7"}, {"areas", {"calves", "lower_back"}}, {"request_id", "kiosk-7-0001"}})
              .status == 201);
  REQUIRE(t.post("/api/checkins", {{"bib", "8"}, {"areas", {"calves"}}}).status == 201);
  REQUIRE(t.post("/api/runners", {{"bib", "9"}, {"areas", {"lower_back"}}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/checkins", {{"bib", "10"}, {"triage", {{"dizzy_or_confused", true}}}}).status == 201);
  REQUIRE(t.post("/api/queue/9/priority", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);  // calls the head
  auto const last_seq = t.seq();
  REQUIRE(last_seq == first_seq + 10);

  std::vector<std::string> seen;
  for (auto seq = first_seq; seq < last_seq;) {
    auto const text = ws->read();
    auto const frame = json::parse(text);
    seen.push_back(frame.at("type"));
    seq = frame.at("seq").get<std::int64_t>();
    check_public(text);
  }
  CHECK(seen == std::vector<std::string>(10, "update"));

  ws->write(R"({"op":"snapshot"})");
  auto const again = ws->read();
  CHECK(json::parse(again).at("queue").size() == 2);
  check_public(again);
  check_public(t.get("/api/state").text);
  check_public(t.get("/api/tickets/7").text);
  check_public(t.get("/api/settings").text);

  // The staff still see everything the public does not.
  auto const staff = t.get("/api/state", volunteer_pin).text;
  for (auto const* word : {"\"areas\"", "\"category\"", "\"priority\"", "calves", "Ana Silva", "Marathon", "Jo Bloggs"})
    CHECK(staff.find(word) != std::string::npos);
}
