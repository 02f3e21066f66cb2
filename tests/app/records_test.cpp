// Session records over real sockets: REST and WebSocket, who may record, what staff and the public
// see of a record (the public never its outcome or note), the export's columns and a restart.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;

namespace {

// Table 1 with therapist Ana; bib 7 checked in (calves, quads), served and finished.
void serve_runner(LiveTent& t) {
  REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/therapist", {{"name", "Ana"}}, volunteer_pin).status == 200);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "7"}, {"areas", {"calves", "quads"}}}).status == 201);
  t.advance(60);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(600);
  REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
}

json const cramp = {{"areas", {"calves"}}, {"outcome", "cramp_eased"}, {"note", "left calf, cramp eased"}};

// Reads a socket's frames up to and including `seq`, returning the last (replies are skipped).
json frame_at(WsClient& ws, std::int64_t seq) {
  for (;;) {
    auto frame = next_frame(ws);
    if (frame.at("seq").get<std::int64_t>() >= seq) return frame;
  }
}

}  // namespace

TEST_CASE("A volunteer records a session over REST: staff see it, the public only the areas worked",
          "[net][app][records]") {
  LiveTent t;
  serve_runner(t);

  SECTION("the staff table view offers the prompt after the finish") {
    auto const table = t.get("/api/state", volunteer_pin).body.at("tables").at(0);
    CHECK(table.at("last_session") ==
          json{{"bib", "7"}, {"areas", {"calves", "quads"}}, {"outcome", "served"}, {"record", nullptr}});
    CHECK_FALSE(t.get("/api/state").body.at("tables").at(0).contains("last_session"));
  }

  auto anonymous = t.subscribe();
  auto staff = t.subscribe();
  next_frame(*anonymous);
  REQUIRE(next_frame(*staff).at("audience") == "public");
  staff->write(R"({"id":1,"op":"auth","pin":"1111"})");
  REQUIRE(next_frame(*staff).at("audience") == "staff");  // the staff snapshot after the reply

  auto const r = t.post("/api/tickets/7/record", cramp, volunteer_pin);
  REQUIRE(r.status == 200);
  auto const seq = r.body.at("seq").get<std::int64_t>();
  auto const& record = r.body.at("ticket").at("record");
  CHECK(record.at("areas") == json{"calves"});
  CHECK(record.at("outcome") == "cramp_eased");
  CHECK(record.at("note") == "left calf, cramp eased");
  CHECK(record.at("therapist") == "Ana");
  CHECK(record.at("at").is_number_integer());

  // Staff: the event whole, and the table's last_session with the record.
  auto const staff_frame = frame_at(*staff, seq);
  CHECK(staff_frame.at("events").at(0).at("type") == "session_recorded");
  CHECK(staff_frame.at("events").at(0).at("note") == "left calf, cramp eased");
  REQUIRE(staff_frame.at("tables").size() == 1);
  CHECK(staff_frame.at("tables").at(0).at("last_session").at("record") == record);

  // The public frame of the same batch: no event, no outcome, no note.
  auto const public_text = [&] {
    for (;;) {
      auto text = anonymous->read();
      if (json::parse(text).at("seq").get<std::int64_t>() >= seq) return text;
    }
  }();
  auto const public_frame = json::parse(public_text);
  CHECK(public_frame.at("seq") == seq);
  CHECK(public_frame.at("events").empty());
  for (auto const* secret : {"left calf", "cramp_eased", "session_recorded", "last_session", "\"record\"", "Ana"})
    CHECK(public_text.find(secret) == std::string::npos);

  // The runner's status page: the areas worked, nothing else of the record.
  auto const mine = t.get("/api/tickets/7");
  REQUIRE(mine.status == 200);
  CHECK(mine.body.at("ticket").at("areas_worked") == json{"calves"});
  CHECK_FALSE(mine.body.at("ticket").contains("record"));
  CHECK(mine.text.find("cramp") == std::string::npos);
  CHECK(mine.text.find("left calf") == std::string::npos);
  CHECK(t.get("/api/tickets/7", volunteer_pin).body.at("ticket").at("record") == record);

  SECTION("a correction replaces it") {
    auto const again = t.post("/api/tickets/7/record", {{"areas", json::array()}, {"outcome", "fine"}}, volunteer_pin);
    REQUIRE(again.status == 200);
    CHECK(again.body.at("ticket").at("record").at("outcome") == "fine");
    CHECK(again.body.at("ticket").at("record").at("note") == "");
    // With no areas recorded the status page shows none (the record's, not the focus areas).
    CHECK(t.get("/api/tickets/7").body.at("ticket").at("areas_worked") == json::array());
  }
  SECTION("the export carries it") {
    auto const csv = t.get("/api/export/sessions.csv", organiser_pin).text;
    CHECK(csv.find(",areas_worked,session_outcome,session_note,recorded_by,feedback_legs,feedback_come_back,feedback_"
                   "at\r\n") != std::string::npos);
    CHECK(csv.find(",calves,cramp_eased,\"left calf, cramp eased\",Ana,,,\r\n") != std::string::npos);
    auto const event_csv = t.get("/api/export/event.csv", organiser_pin).text;
    CHECK(event_csv.find(",calves,cramp_eased,\"left calf, cramp eased\",Ana,,,\r\n") != std::string::npos);
  }
  SECTION("a restart keeps it") {
    t.restart();
    CHECK(t.get("/api/tickets/7", volunteer_pin).body.at("ticket").at("record") == record);
    CHECK(t.get("/api/state", volunteer_pin).body.at("tables").at(0).at("last_session").at("record") == record);
  }
}

TEST_CASE("Before a finish the public ticket has no areas worked, and a record is refused", "[net][app][records]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", {{"bib", "8"}, {"areas", {"feet"}}}).status == 201);
  CHECK_FALSE(t.get("/api/tickets/8").body.at("ticket").contains("areas_worked"));
  auto const early = t.post("/api/tickets/8/record", {{"outcome", "fine"}}, volunteer_pin);
  CHECK(early.status == 409);
  CHECK(early.body.at("error").at("code") == "not_served");
  auto const unknown = t.post("/api/tickets/99/record", {{"outcome", "fine"}}, volunteer_pin);
  CHECK(unknown.status == 404);
  CHECK(unknown.body.at("error").at("code") == "unknown_bib");
}

TEST_CASE("Once done, the public ticket's areas worked are the focus areas until a record says otherwise",
          "[net][app][records]") {
  LiveTent t;
  serve_runner(t);
  CHECK(t.get("/api/tickets/7").body.at("ticket").at("areas_worked") == json{"calves", "quads"});
}

TEST_CASE("Only staff may record a session", "[net][app][records]") {
  LiveTent t;
  serve_runner(t);
  auto const anonymous = t.post("/api/tickets/7/record", cramp);
  CHECK(anonymous.status == 401);
  CHECK(anonymous.body.at("error").at("code") == "unauthorized");
  CHECK(t.post("/api/ops/record", json{{"bib", "7"}, {"outcome", "fine"}}).status == 401);
  SECTION("nor a kiosk with the kiosk key") {
    auto const key = t.post("/api/kiosk-key", {{"key", "kiosk-secret-1"}}, organiser_pin);
    REQUIRE(key.status == 200);
    auto const kiosk = t.request(tent::net::http::verb::post, "/api/tickets/7/record", cramp.dump(), "kiosk-secret-1");
    CHECK((kiosk.status == 401 || kiosk.status == 403));
  }
  CHECK(t.post("/api/tickets/7/record", cramp, organiser_pin).status == 200);  // the organiser is staff too
}

TEST_CASE("A staff socket records a session with the record op", "[net][app][records]") {
  LiveTent t;
  serve_runner(t);
  auto ws = t.subscribe();
  next_frame(*ws);
  ws->write(R"({"id":"r1","op":"record","bib":"7","outcome":"fine"})");
  auto const refused = json::parse(ws->read());
  CHECK(refused.at("id") == "r1");
  CHECK(refused.at("status") == 401);
  ws->write(R"({"id":2,"op":"auth","pin":"1111"})");
  CHECK(json::parse(ws->read()).at("id") == 2);
  next_frame(*ws);  // the staff snapshot
  ws->write(R"({"id":"r2","op":"record","bib":"7","areas":["quads"],"outcome":"stopped_early","note":"felt faint"})");
  auto const update = next_frame(*ws);  // the frame comes before the reply
  CHECK(update.at("tables").at(0).at("last_session").at("record").at("outcome") == "stopped_early");
  auto const reply = json::parse(ws->read());
  CHECK(reply.at("id") == "r2");
  CHECK(reply.at("status") == 200);
  CHECK(reply.at("body").at("ticket").at("record").at("note") == "felt faint");
  ws->write(R"({"id":"r3","op":"record","bib":"7","outcome":"fine","note":"a\nb"})");
  auto const bad = json::parse(ws->read());
  CHECK(bad.at("status") == 422);
  CHECK(bad.at("body").at("error").at("code") == "invalid_field");
}

TEST_CASE("A runner sent to medical from the table is recorded as such, and the record is never public",
          "[net][app][records]") {
  LiveTent t;
  REQUIRE(t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin).status == 201);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "9"}, {"areas", {"feet"}}}).status == 201);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(120);
  REQUIRE(t.post("/api/tables/1/finish", {{"outcome", "medical"}}, volunteer_pin).status == 200);
  CHECK(t.get("/api/state", volunteer_pin).body.at("tables").at(0).at("last_session").at("outcome") == "medical");
  auto const wrong = t.post("/api/tickets/9/record", {{"outcome", "fine"}}, volunteer_pin);
  CHECK(wrong.status == 422);
  CHECK(wrong.body.at("error").at("code") == "invalid_record");
  REQUIRE(t.post("/api/tickets/9/record", {{"outcome", "sent_to_medical"}, {"note", "ankle swelling"}}, volunteer_pin)
              .status == 200);
  auto const mine = t.get("/api/tickets/9");
  CHECK(mine.body.at("ticket").at("status") == "referred");
  CHECK_FALSE(mine.body.at("ticket").contains("areas_worked"));
  CHECK(mine.text.find("ankle") == std::string::npos);
}
