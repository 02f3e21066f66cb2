// Session records: the therapist's two-tap note of a finished session (cmd::RecordSession).

#include "core/limits.hpp"
#include "core/tent_state.hpp"
#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

namespace {

cmd::RecordSession record(Bib bib, SessionOutcome outcome = SessionOutcome::fine,
                          std::vector<Area> areas = {Area::calves}, std::string note = {}) {
  return cmd::RecordSession{std::move(bib), std::move(areas), outcome, std::move(note)};
}

}  // namespace

TEST_CASE("A therapist records a finished session", "[core][records]") {
  Scene s = tent::test::one_on_table();
  REQUIRE(s.run(cmd::Finish{1}).ok());
  s.later(5);
  auto const d = s.run(record("1", SessionOutcome::cramp_eased, {Area::calves, Area::hamstrings}, "left calf"));
  REQUIRE(d.ok());
  REQUIRE(d.events.size() == 1);
  auto const& e = std::get<ev::SessionRecorded>(d.events.front());
  CHECK(e.therapist == "Ana");
  auto const& r = s.tent.ticket("1")->record;
  REQUIRE(r);
  CHECK(r->areas == std::vector<Area>{Area::calves, Area::hamstrings});
  CHECK(r->outcome == SessionOutcome::cramp_eased);
  CHECK(r->note == "left calf");
  CHECK(r->therapist == "Ana");
  CHECK(r->at == s.now);
  CHECK(s.status("1") == TicketStatus::done);  // a record changes nothing else
  CHECK(s.tent.check_invariants().empty());

  SECTION("a second record replaces the first (a correction)") {
    s.later(20);
    REQUIRE(s.run(record("1", SessionOutcome::stopped_early, {})).ok());
    CHECK(s.tent.ticket("1")->record->outcome == SessionOutcome::stopped_early);
    CHECK(s.tent.ticket("1")->record->areas.empty());
    CHECK(s.tent.ticket("1")->record->note.empty());
    CHECK(s.tent.ticket("1")->record->at == s.now);
  }
  SECTION("the therapist is who gave the session, even after the table changed hands") {
    REQUIRE(s.run(cmd::SetTherapist{1, "Ben"}).ok());
    REQUIRE(s.run(record("1")).ok());
    CHECK(s.tent.ticket("1")->record->therapist == "Ana");
  }
  SECTION("a served runner may still be recorded as sent to medical") {
    CHECK(s.run(record("1", SessionOutcome::sent_to_medical)).ok());
  }
}

TEST_CASE("A record is refused without a finished session", "[core][records]") {
  Scene s;
  s.open_tables(1);
  SECTION("an unknown bib") { CHECK(s.run(record("77")).error == Error::unknown_bib); }
  SECTION("a runner still waiting") {
    REQUIRE(s.run(cmd::CloseTable{1}).ok());
    REQUIRE(s.checkin("5").ok());
    CHECK(s.status("5") == TicketStatus::waiting);
    CHECK(s.run(record("5")).error == Error::not_served);
  }
  SECTION("a runner called, or on the table") {
    REQUIRE(s.checkin("5").ok());
    CHECK(s.status("5") == TicketStatus::called);
    CHECK(s.run(record("5")).error == Error::not_served);
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    CHECK(s.run(record("5")).error == Error::not_served);
  }
  SECTION("a runner sent to medical at the kiosk, even after an earlier session") {
    s.settings([](Settings& x) { x.allow_repeats = true; });
    REQUIRE(s.checkin("5").ok());
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    s.later(300);
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.run(record("5")).ok());
    s.later(600);
    REQUIRE(s.checkin("5", {RedFlag::suspected_injury}).ok());
    CHECK(s.status("5") == TicketStatus::referred);
    CHECK_FALSE(s.tent.ticket("5")->record);       // the earlier visit's record is not this visit's
    REQUIRE(s.tent.earlier_visits().size() == 1);  // it stays with that visit
    CHECK(s.tent.earlier_visits().front().record);
    CHECK(s.tent.earlier_visits().front().status == TicketStatus::done);
    CHECK(s.run(record("5", SessionOutcome::sent_to_medical)).error == Error::not_served);
    CHECK(s.tent.check_invariants().empty());
  }
  SECTION("a runner who left the queue or was a no-show") {
    REQUIRE(s.run(cmd::CloseTable{1}).ok());
    REQUIRE(s.checkin("5").ok());
    REQUIRE(s.run(cmd::Leave{"5"}).ok());
    CHECK(s.run(record("5")).error == Error::not_served);
  }
}

TEST_CASE("A record's fields are checked", "[core][records]") {
  Scene s = tent::test::one_on_table();
  REQUIRE(s.run(cmd::Finish{1}).ok());
  CHECK(s.run(record("1", SessionOutcome::invalid)).error == Error::invalid_record);
  CHECK(s.run(record("1", SessionOutcome::fine, {Area::invalid})).error == Error::invalid_record);
  CHECK(s.run(record("1", SessionOutcome::fine, {Area::feet, Area::calves, Area::feet})).error ==
        Error::invalid_record);
  CHECK(s.run(record("1", SessionOutcome::fine, {}, std::string(max_text_length + 1, 'x'))).error ==
        Error::text_too_long);
  CHECK(s.run(record("1", SessionOutcome::fine, {}, "two\nlines")).error == Error::invalid_record);
  CHECK(s.run(record("1", SessionOutcome::fine, {}, "tab\there")).error == Error::invalid_record);
  CHECK_FALSE(s.tent.ticket("1")->record);
  // The limit counts characters, not bytes: 280 of "ü" (two bytes each) pass.
  std::string umlauts;
  for (std::size_t i = 0; i < max_text_length; ++i) umlauts += "\xC3\xBC";
  CHECK(s.run(record("1", SessionOutcome::fine, {}, umlauts)).ok());
}

TEST_CASE("A runner sent to medical from the table is recorded as sent to medical", "[core][records]") {
  Scene s = tent::test::one_on_table();
  REQUIRE(s.run(cmd::Finish{1, Outcome::medical}).ok());
  CHECK(s.status("1") == TicketStatus::referred);
  for (auto outcome : {SessionOutcome::fine, SessionOutcome::cramp_eased, SessionOutcome::stopped_early})
    CHECK(s.run(record("1", outcome)).error == Error::invalid_record);
  REQUIRE(s.run(record("1", SessionOutcome::sent_to_medical, {Area::lower_back}, "sharp pain")).ok());
  CHECK(s.tent.ticket("1")->record->outcome == SessionOutcome::sent_to_medical);
  SECTION("and still once medical cleared them") {
    REQUIRE(s.run(cmd::ClearReferral{"1", "medic"}).ok());
    CHECK(s.run(record("1", SessionOutcome::sent_to_medical, {})).ok());
  }
  CHECK(s.tent.check_invariants().empty());
}

TEST_CASE("Undoing a finish drops the record made since", "[core][records]") {
  Scene s = tent::test::one_on_table();
  auto const outcome = GENERATE(Outcome::served, Outcome::medical);
  REQUIRE(s.run(cmd::Finish{1, outcome}).ok());
  REQUIRE(
      s.run(record("1", outcome == Outcome::medical ? SessionOutcome::sent_to_medical : SessionOutcome::fine)).ok());
  s.later(10);
  REQUIRE(s.run(cmd::Undo{1}).ok());
  CHECK(s.status("1") == TicketStatus::in_session);
  CHECK_FALSE(s.tent.ticket("1")->record);
  CHECK(s.tent.check_invariants().empty());
  CHECK(s.run(record("1")).error == Error::not_served);
  // Finished again, it is recorded afresh.
  s.later(10);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  CHECK(s.run(record("1")).ok());
}

TEST_CASE("A record survives the state round trip and replay", "[core][records]") {
  Scene s = tent::test::one_on_table();
  REQUIRE(s.run(cmd::Finish{1}).ok());
  REQUIRE(s.run(record("1", SessionOutcome::cramp_eased, {Area::quads}, "eased")).ok());
  auto const state = s.tent.state();
  REQUIRE(state.tickets.at("1").record);
  auto const restored = Tent::restore(state);
  CHECK(restored.state() == state);
  CHECK(restored.ticket("1")->record == s.tent.ticket("1")->record);

  SECTION("a different record makes a different state") {
    REQUIRE(s.run(record("1", SessionOutcome::fine, {Area::quads}, "eased")).ok());
    CHECK_FALSE(s.tent.state() == state);
  }
}
