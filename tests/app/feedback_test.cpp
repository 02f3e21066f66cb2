// Runners' feedback over real sockets: the status key only the checking-in kiosk is given, the
// anonymous answer it allows (REST and WebSocket), what no frame carries, the organiser's figures and
// export, the hour's limit, and a restart.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace tent::app::test;

namespace {

// Table 1 with therapist Ana; bib 7 checked in, served and finished. Returns the reply's status key.
std::string serve_runner(LiveTent& t, std::string const& bib = "7") {
  if (t.get("/api/state").body.at("tables").empty()) {
    REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
    REQUIRE(t.post("/api/tables/1/therapist", {{"name", "Ana"}}, volunteer_pin).status == 200);
    REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  }
  auto const in = t.post("/api/checkins", {{"bib", bib}, {"areas", {"calves"}}});
  REQUIRE(in.status == 201);
  t.advance(60);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(600);
  REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
  t.advance(61);  // the changeover
  return in.body.at("status_key").get<std::string>();
}

json answer(std::string const& key, int legs, json come_back = nullptr) {
  return {{"key", key}, {"legs", legs}, {"come_back", std::move(come_back)}};
}

}  // namespace

TEST_CASE("A check-in's reply carries a fresh status key, which no view or frame shows", "[net][app][feedback]") {
  LiveTent t;
  auto staff = t.subscribe();
  next_frame(*staff);
  staff->write(R"({"id":1,"op":"auth","pin":"1111"})");
  REQUIRE(next_frame(*staff).at("audience") == "staff");
  auto anonymous = t.subscribe();
  next_frame(*anonymous);

  auto const a = t.post("/api/checkins", {{"bib", "7"}, {"request_id", "kiosk-1-0001"}});
  auto const b = t.post("/api/checkins", {{"bib", "8"}});
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 201);
  auto const key = a.body.at("status_key").get<std::string>();
  CHECK(std::regex_match(key, std::regex("[23456789abcdefghjkmnpqrstuvwxyz]{12}")));
  CHECK(b.body.at("status_key") != key);

  // The kiosk's retry of the same request gets the same key; a volunteer's check-in gets one too.
  auto const again = t.post("/api/checkins", {{"bib", "7"}, {"request_id", "kiosk-1-0001"}});
  CHECK(again.body.at("replayed") == true);
  CHECK(again.body.at("status_key") == key);
  CHECK(t.post("/api/runners", {{"bib", "9"}}, volunteer_pin).body.contains("status_key"));
  // Someone else at a kiosk typing the bib is told it is in line, never its key.
  auto const other = t.post("/api/checkins", {{"bib", "7"}});
  CHECK(other.status == 409);
  CHECK(other.text.find(key) == std::string::npos);
  // A red flag refers the runner to medical: no status page, no key.
  auto const referred = t.post("/api/checkins", {{"bib", "10"}, {"triage", {{"dizzy_or_confused", true}}}});
  REQUIRE(referred.status == 201);
  CHECK_FALSE(referred.body.contains("status_key"));

  // Not in any ticket view, state or frame, for staff or the public.
  for (auto const* pin : {static_cast<char const*>(nullptr), volunteer_pin, organiser_pin}) {
    CHECK(t.get("/api/tickets/7", pin).text.find(key) == std::string::npos);
    CHECK(t.get("/api/state", pin).text.find(key) == std::string::npos);
  }
  auto const seq = b.body.at("seq").get<std::int64_t>();
  for (auto* ws : {staff.get(), anonymous.get()})
    for (;;) {
      auto const text = ws->read();
      CHECK(text.find(key) == std::string::npos);
      CHECK(text.find("\"key\"") == std::string::npos);
      if (json::parse(text).value("seq", std::int64_t{0}) >= seq) break;
    }
}

TEST_CASE("A runner answers from their own page without a PIN, and may change it for an hour", "[net][app][feedback]") {
  LiveTent t;
  auto const key = serve_runner(t);
  auto anonymous = t.subscribe();
  next_frame(*anonymous);
  auto staff = t.subscribe();
  next_frame(*staff);
  staff->write(R"({"id":1,"op":"auth","pin":"1111"})");
  REQUIRE(next_frame(*staff).at("audience") == "staff");

  auto const first = t.post("/api/tickets/7/feedback", answer(key, 4));
  REQUIRE(first.status == 200);
  auto const& f = first.body.at("feedback");
  CHECK(f.at("legs") == 4);
  CHECK(f.at("come_back").is_null());
  CHECK(f.at("first_at") == f.at("at"));
  CHECK(f.at("until") == f.at("first_at").get<std::int64_t>() + 3600 * 1000);
  CHECK(first.body.at("ticket").at("status") == "done");
  auto const seq = first.body.at("seq").get<std::int64_t>();

  // Neither audience's frame of that batch carries the answer.
  for (auto* ws : {staff.get(), anonymous.get()})
    for (;;) {
      auto const text = ws->read();
      auto const frame = json::parse(text);
      if (frame.value("seq", std::int64_t{0}) < seq) continue;
      CHECK(frame.at("events").empty());
      CHECK(text.find("feedback") == std::string::npos);
      CHECK(text.find("legs") == std::string::npos);
      break;
    }
  // Nor any ticket view.
  CHECK(t.get("/api/tickets/7").text.find("legs") == std::string::npos);
  CHECK(t.get("/api/tickets/7", volunteer_pin).text.find("legs") == std::string::npos);

  t.advance(30 * 60);
  auto const change = t.post("/api/ops/feedback", {{"bib", "7"}, {"key", key}, {"legs", 5}, {"come_back", true}});
  REQUIRE(change.status == 200);
  CHECK(change.body.at("feedback").at("legs") == 5);
  CHECK(change.body.at("feedback").at("come_back") == true);
  CHECK(change.body.at("feedback").at("first_at") == f.at("first_at"));
  // The same answer sent again (a double tap) is answered alike and stores nothing.
  auto const resent = t.post("/api/tickets/7/feedback", answer(key, 5, true));
  REQUIRE(resent.status == 200);
  CHECK(resent.body.at("seq") == change.body.at("seq"));
  CHECK(resent.body.at("feedback") == change.body.at("feedback"));

  auto const stats = t.get("/api/stats", organiser_pin).body.at("feedback");
  CHECK(stats.at("answers") == 1);
  CHECK(stats.at("legs") == json{0, 0, 0, 0, 1});
  CHECK(stats.at("mean") == 5.0);
  CHECK(stats.at("come_back") == json{{"yes", 1}, {"no", 0}});
  REQUIRE(stats.at("by_time").size() == 1);
  CHECK(stats.at("by_time").at(0).at("legs") == json{0, 0, 0, 0, 1});
  auto const ana = t.get("/api/stats", organiser_pin).body.at("therapists").at(0);
  CHECK(ana.at("name") == "Ana");
  CHECK(ana.at("feedback") == json{{"answers", 1}, {"legs", {0, 0, 0, 0, 1}}, {"mean", 5.0}});
  CHECK(t.get("/api/stats", volunteer_pin).status == 403);  // organisers only

  auto const csv = t.get("/api/export/sessions.csv", organiser_pin).text;
  CHECK(csv.find(",recorded_by,feedback_legs,feedback_come_back,feedback_at\r\n") != std::string::npos);
  CHECK(std::regex_search(csv, std::regex(",Ana,[^\r\n]*,5,yes,\\d{4}-\\d\\d-\\d\\dT[^,]+\r\n")));

  SECTION("a restart keeps it, and the key") {
    t.restart();
    CHECK(t.get("/api/stats", organiser_pin).body.at("feedback").at("answers") == 1);
    CHECK(t.post("/api/tickets/7/feedback", answer(key, 3)).status == 200);
  }
  SECTION("after the hour it is final") {
    t.advance(30 * 60 + 1);
    auto const late = t.post("/api/tickets/7/feedback", answer(key, 1));
    CHECK(late.status == 409);
    CHECK(late.body.at("error").at("code") == "feedback_closed");
    CHECK(t.get("/api/stats", organiser_pin).body.at("feedback").at("legs") == json{0, 0, 0, 0, 1});
  }
}

TEST_CASE("An answer without the runner's key, too early or out of range is refused and changes nothing",
          "[net][app][feedback]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  auto const key = t.post("/api/checkins", {{"bib", "7"}}).body.at("status_key").get<std::string>();
  auto const early = t.post("/api/tickets/7/feedback", answer(key, 4));
  CHECK(early.status == 409);
  CHECK(early.body.at("error").at("code") == "not_served");
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
  auto const seq = t.get("/api/state").body.at("seq");

  struct Case {
    json body;
    int status;
    char const* code;
  };
  for (auto const& [body, status, code] : std::vector<Case>{
           {answer("", 4), 403, "wrong_key"},
           {answer(key.substr(1), 4), 403, "wrong_key"},
           {answer(key + "x", 4), 403, "wrong_key"},
           {json{{"legs", 4}}, 403, "wrong_key"},
           {json{{"key", 12345}, {"legs", 4}}, 403, "wrong_key"},
           {answer(key, 0), 422, "invalid_feedback"},
           {answer(key, 6), 422, "invalid_feedback"},
           {json{{"key", key}, {"legs", "5"}}, 422, "invalid_feedback"},
           {json{{"key", key}, {"legs", 4.5}}, 422, "invalid_feedback"},
           {json{{"key", key}}, 422, "invalid_feedback"},
           {answer(key, 4, "yes"), 422, "invalid_feedback"},
       }) {
    INFO(body.dump());
    auto const r = t.post("/api/tickets/7/feedback", body);
    CHECK(r.status == status);
    CHECK(r.body.at("error").at("code") == code);
    CHECK(r.body.at("error").at("message").get<std::string>().size() > 20);
  }
  CHECK(t.post("/api/tickets/99/feedback", answer(key, 4)).body.at("error").at("code") == "unknown_bib");
  CHECK(t.post("/api/tickets/TOOLONGBIB123/feedback", answer(key, 4)).body.at("error").at("code") == "invalid_bib");
  CHECK(t.get("/api/state").body.at("seq") == seq);  // nothing was written
  CHECK(t.get("/api/stats", organiser_pin).body.at("feedback").at("answers") == 0);
}

TEST_CASE("A runner's page answers over the WebSocket with the feedback op", "[net][app][feedback]") {
  LiveTent t;
  auto const key = serve_runner(t);
  auto ws = t.subscribe();
  next_frame(*ws);
  ws->write(json{{"id", "f1"}, {"op", "feedback"}, {"bib", "7"}, {"key", "nope"}, {"legs", 2}}.dump());
  auto const refused = json::parse(ws->read());
  CHECK(refused.at("id") == "f1");
  CHECK(refused.at("status") == 403);
  ws->write(
      json{{"id", "f2"}, {"op", "feedback"}, {"bib", "7"}, {"key", key}, {"legs", 2}, {"come_back", false}}.dump());
  json reply;
  do reply = json::parse(ws->read());
  while (!reply.contains("id"));  // the batch's (empty) frame may come first
  CHECK(reply.at("id") == "f2");
  CHECK(reply.at("status") == 200);
  CHECK(reply.at("body").at("feedback").at("come_back") == false);
  CHECK(t.get("/api/stats", organiser_pin).body.at("feedback").at("come_back").at("no") == 1);
}
