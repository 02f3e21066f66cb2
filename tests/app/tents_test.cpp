// Several tents in one server, over real sockets: each tent's pages, API and /ws under /t/ID/, its own
// frames and seq, the rule that a bib is in line at one tent at a time, and the event-wide routes.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;
using verb = tent::net::http::verb;

namespace {

void add_family(LiveTent& t) {
  auto const r = t.post("/api/tents", {{"id", "family"}, {"name", "Family area"}}, organiser_pin);
  REQUIRE(r.status == 201);
  CHECK(r.body.at("tent") == json{{"id", "family"}, {"name", "Family area"}, {"path", "/t/family/"}});
}

}  // namespace

TEST_CASE("Only the organiser adds a tent, and a bad one is refused with nothing changed", "[net][app][tents]") {
  LiveTent t;
  CHECK(t.post("/api/tents", {{"id", "family"}, {"name", "Family area"}}).status == 401);
  CHECK(t.post("/api/tents", {{"id", "family"}, {"name", "Family area"}}, volunteer_pin).status == 403);
  auto bad = t.post("/api/tents", {{"id", "Family Area"}, {"name", "Family area"}}, organiser_pin);
  CHECK(bad.status == 422);
  CHECK(bad.body["error"]["code"] == "invalid_tent_id");
  CHECK(t.post("/api/tents", {{"id", "family"}}, organiser_pin).body["error"]["code"] == "missing_field");
  CHECK(t.get("/api/tents", organiser_pin).body.at("tents").size() == 1);
  add_family(t);
  auto again = t.post("/api/tents", {{"id", "family"}, {"name", "Other"}}, organiser_pin);
  CHECK(again.status == 409);
  CHECK(again.body["error"]["code"] == "tent_exists");
  CHECK(t.get("/api/tents").status == 401);
  auto const tents = t.get("/api/tents", organiser_pin).body.at("tents");
  REQUIRE(tents.size() == 2);
  CHECK(tents[0].at("id") == "");
  CHECK(tents[0].at("path") == "/");
  CHECK(tents[1].at("name") == "Family area");
}

TEST_CASE("A tent's pages and API are under /t/ID/, and an unknown tent is not found", "[net][app][tents]") {
  LiveTent t;
  add_family(t);
  auto const home = t.get("/t/family/");
  CHECK(home.status == 302);
  CHECK(home.raw[tent::net::http::field::location] == "/t/family/display/");
  CHECK(t.get("/t/family/kiosk").raw[tent::net::http::field::location] == "/t/family/kiosk/");
  auto const page = t.get("/t/family/kiosk/");
  CHECK(page.status == 200);
  CHECK(page.text == t.get("/kiosk/").text);
  CHECK(t.get("/t/family/shared/rest.js").status == 200);

  for (auto const* target : {"/t/nope/api/state", "/t/nope/kiosk/", "/t/Family/api/state", "/t/nope/ws"}) {
    INFO(target);
    auto const r = t.get(target);
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "unknown_tent");
  }
  CHECK(t.get("/t/family/api/state").body.at("settings").at("tent_name") == "Family area");
  CHECK(t.get("/api/state").body.at("settings").at("tent_name") == "Massage tent");
  CHECK(t.post("/t/nope/api/checkins", {{"bib", "1"}}).status == 404);
}

TEST_CASE("Each tent has its own line, tables and frames, numbered by its own seq", "[net][app][tents]") {
  LiveTent t;
  add_family(t);
  auto root = t.subscribe("/ws");
  auto family = t.subscribe("/t/family/ws");
  auto const root_snap = next_frame(*root);
  auto const family_snap = next_frame(*family);
  CHECK(family_snap.at("type") == "snapshot");
  CHECK(family_snap.at("seq") == 1);  // its creation
  CHECK(family_snap.at("settings").at("tent_name") == "Family area");
  auto const root_seq = root_snap.at("seq").get<std::int64_t>();

  auto const in = t.post("/t/family/api/checkins", {{"bib", "31"}});
  REQUIRE(in.status == 201);
  CHECK(in.body.at("seq") == 2);
  REQUIRE(t.post("/api/checkins", {{"bib", "32"}}).status == 201);

  auto const f = next_frame(*family);
  CHECK(f.at("seq") == 2);
  CHECK(f.dump().find("\"31\"") != std::string::npos);
  auto const r = next_frame(*root);
  CHECK(r.at("seq") == root_seq + 1);
  CHECK(r.dump().find("\"32\"") != std::string::npos);
  CHECK(r.dump().find("\"31\"") == std::string::npos);

  CHECK(t.get("/t/family/api/tickets/31").body.at("ticket").at("position") == 1);
  CHECK(t.get("/api/tickets/31").status == 404);
  CHECK(t.get("/api/state").body.at("queue").size() == 1);

  // Tables are the tent's: table 1 here is not table 1 there.
  REQUIRE(t.post("/t/family/api/tables", {{"name", "Couch A"}}, volunteer_pin).status == 201);
  CHECK(t.post("/api/tables/1/open", json::object(), volunteer_pin).body["error"]["code"] == "unknown_table");
  REQUIRE(t.post("/t/family/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  CHECK(t.get("/t/family/api/tickets/31").body.at("ticket").at("status") == "called");

  // A client that reconnects with the tent's seq gets only what it missed there.
  REQUIRE(t.post("/t/family/api/checkins", {{"bib", "33"}}).status == 201);
  auto const run = family_snap.at("run").get<std::string>();
  auto again = t.subscribe("/t/family/ws?since=2&run=" + run);
  auto const hello = next_frame(*again);
  CHECK(hello.at("type") == "hello");
  CHECK(hello.at("seq") == 5);
  for (int seq = 3; seq <= 5; ++seq) CHECK(next_frame(*again).at("seq") == seq);
}

TEST_CASE("A bib in line at one tent is told where when it checks in at another", "[net][app][tents]") {
  LiveTent t;
  add_family(t);
  REQUIRE(t.post("/t/family/api/checkins", {{"bib", "77"}}).status == 201);
  auto const before = t.seq();
  for (auto const* route : {"/api/checkins", "/api/checkins?dry_run=1"}) {
    INFO(route);
    auto const r = t.post(route, {{"bib", "77"}});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "waiting_elsewhere");
    CHECK(r.body["error"]["message"] == "Bib 77 is already in the line at Family area.");
    CHECK(r.body.at("tent") == json{{"id", "family"}, {"name", "Family area"}, {"path", "/t/family/"}});
  }
  CHECK(t.post("/api/runners", {{"bib", "77"}}, volunteer_pin).body["error"]["code"] == "waiting_elsewhere");
  CHECK(t.seq() == before);
  // Over a socket too, as the kiosk sends it.
  auto ws = t.subscribe("/ws");
  next_frame(*ws);
  ws->write(R"({"id":1,"op":"checkin","bib":"77"})");
  auto const reply = json::parse(ws->read());
  CHECK(reply.at("status") == 409);
  CHECK(reply.at("body").at("error").at("code") == "waiting_elsewhere");
  // Once the runner has left that line, this tent takes them.
  REQUIRE(t.post("/t/family/api/tickets/77/leave").status == 200);
  CHECK(t.post("/api/checkins", {{"bib", "77"}}).status == 201);
}

TEST_CASE("The event-wide export holds every tent's sessions and a tent's export only its own", "[net][app][tents]") {
  LiveTent t;
  add_family(t);
  REQUIRE(t.post("/api/checkins", {{"bib", "1"}}).status == 201);
  REQUIRE(t.post("/t/family/api/checkins", {{"bib", "2"}}).status == 201);
  CHECK(t.get("/api/export/event.csv", volunteer_pin).status == 403);
  auto const event = t.get("/api/export/event.csv", organiser_pin);
  REQUIRE(event.status == 200);
  CHECK(event.text.starts_with("tent,bib,first_name,"));
  CHECK(event.text.find("\r\nMassage tent,1,") != std::string::npos);
  CHECK(event.text.find("\r\nFamily area,2,") != std::string::npos);
  auto const family = t.get("/t/family/api/export/sessions.csv", organiser_pin).text;
  CHECK(family.starts_with("bib,first_name,"));
  CHECK(family.find("\r\n2,") != std::string::npos);
  CHECK(family.find("\r\n1,") == std::string::npos);
}

TEST_CASE("Tents, their lines and their seqs survive a restart", "[net][app][tents]") {
  LiveTent t;
  add_family(t);
  REQUIRE(t.post("/t/family/api/checkins", {{"bib", "5"}}).status == 201);
  REQUIRE(t.post("/api/checkins", {{"bib", "6"}}).status == 201);
  auto const tents = t.get("/api/tents", organiser_pin).body;
  t.restart();
  CHECK(t.get("/api/tents", organiser_pin).body == tents);
  CHECK(t.get("/t/family/api/state").body.at("seq") == 2);
  CHECK(t.post("/t/family/api/checkins", {{"bib", "7"}}).body.at("seq") == 3);
  CHECK(t.post("/api/checkins", {{"bib", "5"}}).body["error"]["code"] == "waiting_elsewhere");
}
