// A check-in's dry run (the kiosk asks it right after the bib, before any question): the real
// check-in's decision, answered the same way, with nothing stored, applied or published.

#include "../store/temp_dir.hpp"
#include "app/dispatcher.hpp"
#include "live_tent.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;
using namespace tent;

namespace {

constexpr Millis t0 = 1'795'000'000'000;

// A dispatcher on a fresh database that counts the frames it publishes.
struct Bench {
  store::test::TempDir dir;
  store::EventStore store{dir.file("tent.db")};
  int frames = 0;
  app::Dispatcher dispatcher{store, [this](app::Frame const&) { ++frames; }};

  app::Reply run(std::string_view op, json const& params, auth::Role role = auth::Role::organiser) {
    return dispatcher.execute(op, params, role, t0);
  }
  void open_table() {
    REQUIRE(run("table_create", {{"name", "Table 1"}}).status == 201);
    REQUIRE(run("open", {{"table", 1}}).status == 200);
  }
};

std::string code_of(app::Reply const& r) { return r.body.at("error").at("code").get<std::string>(); }

}  // namespace

TEST_CASE("A dry run of a check-in gives the very refusal the check-in gets, and changes nothing", "[app][dry_run]") {
  Bench b;
  std::string bib = "42";
  std::string expected;
  SECTION("not on the roster when one is required") {
    REQUIRE(b.run("roster", {{"entries", {{{"bib", "1"}}}}}).status == 200);
    REQUIRE(b.run("settings", {{"roster_required", true}}).status == 200);
    expected = "not_on_roster";
  }
  SECTION("a refused race category") {
    REQUIRE(b.run("roster", {{"entries", {{{"bib", "42"}, {"category", "10K"}}}}}).status == 200);
    REQUIRE(b.run("settings", {{"refused_categories", {"10k"}}}).status == 200);
    expected = "category_refused";
  }
  SECTION("already waiting") {
    REQUIRE(b.run("checkin", {{"bib", "42"}}, auth::Role::kiosk).status == 201);
    expected = "already_queued";
  }
  SECTION("already called to a table") {
    b.open_table();
    REQUIRE(b.run("checkin", {{"bib", "42"}}, auth::Role::kiosk).status == 201);  // auto-assign calls it
    REQUIRE(b.dispatcher.tent().ticket("42")->status == TicketStatus::called);
    expected = "already_queued";
  }
  SECTION("already served, repeats off") {
    b.open_table();
    REQUIRE(b.run("checkin", {{"bib", "42"}}, auth::Role::kiosk).status == 201);
    REQUIRE(b.run("arrived", {{"table", 1}}).status == 200);
    REQUIRE(b.run("finish", {{"table", 1}}).status == 200);
    expected = "already_served";
  }
  SECTION("an open medical referral") {
    REQUIRE(b.run("checkin", {{"bib", "42"}, {"triage", {{"dizzy_or_confused", true}}}}, auth::Role::kiosk).status ==
            201);
    expected = "referred";
  }
  SECTION("the line closed") {
    b.open_table();
    REQUIRE(b.run("settings", {{"closing_at", t0}}).status == 200);
    expected = "line_closed";
  }
  SECTION("a malformed bib") {
    bib = "4 2!";
    expected = "invalid_bib";
  }

  auto const seq = b.dispatcher.seq();
  auto const frames = b.frames;
  auto const dry = b.run("checkin", {{"bib", bib}, {"dry_run", true}}, auth::Role::kiosk);
  CHECK(code_of(dry) == expected);
  CHECK(b.dispatcher.seq() == seq);
  CHECK(b.store.last_seq() == seq);
  CHECK(b.frames == frames);
  // The real check-in, right after, is refused with the same status and code.
  auto const real = b.run("checkin", {{"bib", bib}}, auth::Role::kiosk);
  CHECK(real.status == dry.status);
  CHECK(code_of(real) == expected);
  CHECK(real.body.contains("ticket") == dry.body.contains("ticket"));
}

TEST_CASE("A dry run that would be taken answers 200 dry_run and queues, stores and publishes nothing",
          "[app][dry_run]") {
  Bench b;
  b.open_table();
  auto const seq = b.dispatcher.seq();
  auto const frames = b.frames;
  auto const dry = b.run("checkin", {{"bib", "7"}, {"dry_run", true}}, auth::Role::kiosk);
  CHECK(dry.status == 200);
  CHECK(dry.body == json{{"ok", true}, {"dry_run", true}, {"seq", seq}});
  CHECK(b.dispatcher.tent().ticket("7") == nullptr);
  CHECK(b.dispatcher.tent().queue().empty());
  CHECK(b.dispatcher.tent().table(1)->state == TableState::free);
  CHECK(b.store.last_seq() == seq);
  CHECK(b.frames == frames);
  // A volunteer's add_runner dry-runs too.
  CHECK(b.run("add_runner", {{"bib", "8"}, {"dry_run", true}}, auth::Role::volunteer).status == 200);
  CHECK(b.dispatcher.tent().ticket("8") == nullptr);
  CHECK(b.store.last_seq() == seq);
}

TEST_CASE("A dry run decides on the bib and the roster alone, not on triage answers", "[app][dry_run]") {
  Bench b;
  REQUIRE(b.run("roster", {{"entries", {{{"bib", "1"}}}}}).status == 200);
  REQUIRE(b.run("settings", {{"roster_required", true}}).status == 200);
  json const red_flag = {{"chest_or_breathing", true}};
  // A real check-in with a red flag refers even an unknown bib; the dry run refuses it on the roster.
  auto const dry = b.run("checkin", {{"bib", "99"}, {"triage", red_flag}, {"dry_run", true}}, auth::Role::kiosk);
  CHECK(code_of(dry) == "not_on_roster");
  // A known bib with a red flag is a check-in that would be taken: nothing is referred by a dry run.
  auto const known = b.run("checkin", {{"bib", "1"}, {"triage", red_flag}, {"dry_run", true}}, auth::Role::kiosk);
  CHECK(known.status == 200);
  CHECK(b.dispatcher.tent().ticket("1") == nullptr);
}

TEST_CASE("An op that cannot dry-run refuses dry_run rather than commit", "[app][dry_run]") {
  Bench b;
  auto const r = b.run("table_create", {{"name", "Table 1"}, {"dry_run", true}});
  CHECK(r.status == 422);
  CHECK(code_of(r) == "invalid_field");
  CHECK(b.dispatcher.tent().tables().empty());
  CHECK(b.store.last_seq() == 0);
  CHECK(b.run("table_create", {{"name", "Table 1"}, {"dry_run", false}}).status == 201);
}

TEST_CASE("POST /api/checkins?dry_run=1 and a WebSocket checkin with dry_run answer without a frame",
          "[net][app][dry_run]") {
  using namespace app::test;
  LiveTent t;
  REQUIRE(t.post("/api/roster", {{"entries", {{{"bib", "1"}}, {{"bib", "2"}}}}}, organiser_pin).status == 200);
  REQUIRE(t.post("/api/settings", {{"roster_required", true}}, organiser_pin).status == 200);
  REQUIRE(t.post("/api/checkins", {{"bib", "2"}}).status == 201);
  auto ws = t.subscribe();
  auto const seq = next_frame(*ws).at("seq").get<std::int64_t>();

  auto unknown = t.post("/api/checkins?dry_run=1", {{"bib", "99"}});
  CHECK(unknown.status == 422);
  CHECK(unknown.body.at("error").at("code") == "not_on_roster");
  auto waiting = t.post("/api/checkins?dry_run=1", {{"bib", "2"}});
  CHECK(waiting.status == 409);
  CHECK(waiting.body.at("error").at("code") == "already_queued");
  CHECK(waiting.body.at("ticket").at("position") == 1);
  auto fine = t.post("/api/checkins?dry_run=1", {{"bib", "1"}});
  CHECK(fine.status == 200);
  CHECK(fine.body.at("dry_run") == true);

  ws->write(R"({"id":1,"op":"checkin","bib":"99","dry_run":true})");
  auto refused = json::parse(ws->read());
  CHECK(refused.at("status") == 422);
  CHECK(refused.at("body").at("error").at("code") == "not_on_roster");
  ws->write(R"({"id":2,"op":"checkin","bib":"1","dry_run":true})");
  auto ok = json::parse(ws->read());
  CHECK(ok.at("status") == 200);
  CHECK(ok.at("body").at("dry_run") == true);

  CHECK(t.seq() == seq);
  // The next frame the socket sees is the real check-in's: no dry run published one.
  REQUIRE(t.post("/api/checkins", {{"bib", "1"}}).status == 201);
  auto const frame = next_frame(*ws);
  CHECK(frame.at("seq") == seq + 1);
  CHECK(frame.dump().find("\"bib\":\"1\"") != std::string::npos);
}
