// Therapists' shifts: a name on an open table is a shift, until another name or none, or the table
// closes; a therapist is at one table at a time; the sessions they give count on their shift.

#include "core/stats.hpp"
#include "core/tent.hpp"
#include "core/tent_state.hpp"

#include <catch2/catch.hpp>

using namespace tent;

namespace {

constexpr Millis t0 = 1'800'000'000'000;
constexpr Millis minute = seconds(60);

void ok(Tent& tent, Command const& c, Millis at) {
  auto const d = tent.execute(c, at);
  INFO("error " << static_cast<int>(d.error));
  REQUIRE(d.ok());
  REQUIRE(tent.check_invariants().empty());
}

Tent two_tables() {
  Tent tent;
  Settings s;
  s.changeover_s = 0;
  ok(tent, cmd::UpdateSettings{s}, t0);
  ok(tent, cmd::CreateTable{.name = {}, .numbered = 2}, t0);
  return tent;
}

}  // namespace

TEST_CASE("shifts: a name on an open table starts a shift, another name or none or closing ends it", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::SetTherapist{1, "Ann Lee"}, t0);  // on a closed table: no shift yet
  CHECK(tent.history().shifts.empty());
  ok(tent, cmd::OpenTable{1}, t0 + minute);
  REQUIRE(tent.history().shifts.size() == 1);
  CHECK(tent.history().shifts[0] == TherapistShift{"Ann Lee", 1, t0 + minute, 0});
  ok(tent, cmd::SetTherapist{1, "Bo Ek"}, t0 + 61 * minute);
  ok(tent, cmd::StartBreak{1}, t0 + 70 * minute);  // a break is part of the shift
  ok(tent, cmd::Resume{1}, t0 + 80 * minute);
  ok(tent, cmd::SetTherapist{1, ""}, t0 + 91 * minute);
  ok(tent, cmd::SetTherapist{1, "Cy"}, t0 + 95 * minute);
  ok(tent, cmd::CloseTable{1}, t0 + 100 * minute);
  auto const& shifts = tent.history().shifts;
  REQUIRE(shifts.size() == 3);
  CHECK(shifts[0].to == t0 + 61 * minute);
  CHECK(shifts[1] == TherapistShift{"Bo Ek", 1, t0 + 61 * minute, t0 + 91 * minute});
  CHECK(shifts[2] == TherapistShift{"Cy", 1, t0 + 95 * minute, t0 + 100 * minute});
  // The same name again changes nothing.
  ok(tent, cmd::OpenTable{1}, t0 + 120 * minute);
  ok(tent, cmd::SetTherapist{1, "Cy"}, t0 + 121 * minute);
  REQUIRE(shifts.size() == 4);
  CHECK(shifts[3] == TherapistShift{"Cy", 1, t0 + 120 * minute, 0});
}

TEST_CASE("shifts: a therapist signing in at another table is signed out of the first", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::OpenTable{2}, t0);
  ok(tent, cmd::SetTherapist{1, "Ann Lee"}, t0);
  auto const d = tent.execute(cmd::SetTherapist{2, "ann lee"}, t0 + 30 * minute);  // as typed on the phone
  REQUIRE(d.ok());
  REQUIRE(d.events.size() == 3);
  CHECK(std::get<ev::TherapistSet>(d.events[0]).table == 1);
  CHECK(std::get<ev::TherapistSet>(d.events[0]).name.empty());
  CHECK(std::get<ev::BreakStarted>(d.events[1]).table == 1);  // left with nobody: it calls no runner
  CHECK(tent.table(1)->therapist.empty());
  CHECK(tent.table(1)->state == TableState::on_break);
  CHECK(tent.table(2)->therapist == "ann lee");
  auto const& shifts = tent.history().shifts;
  REQUIRE(shifts.size() == 2);
  CHECK(shifts[0].to == t0 + 30 * minute);
  CHECK(shifts[1].table == 2);
  CHECK(tent.check_invariants().empty());
}

TEST_CASE("shifts: sessions count on the shift of the therapist the runner lay down with", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::SetTherapist{1, "Ann"}, t0);
  ok(tent, cmd::CheckIn{.bib = "7", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}},
     t0 + minute);  // called at once
  ok(tent, cmd::Arrive{1}, t0 + 2 * minute);
  // Ann's name typed at table 2 mid-session is refused: she is with a runner.
  ok(tent, cmd::OpenTable{2}, t0 + 5 * minute);
  CHECK(tent.execute(cmd::SetTherapist{2, "Ann"}, t0 + 5 * minute).error == Error::therapist_busy);
  CHECK(tent.table(1)->therapist == "Ann");
  CHECK(tent.table(2)->therapist.empty());
  // A name put right on her own table mid-session is a new shift; the session is still hers.
  ok(tent, cmd::SetTherapist{1, "Ann B"}, t0 + 7 * minute);
  ok(tent, cmd::Finish{1}, t0 + 12 * minute);
  auto const& shifts = tent.history().shifts;
  REQUIRE(shifts.size() == 2);
  CHECK(shifts[0].sessions == 1);
  CHECK(shifts[0].busy_ms == 10 * minute);
  CHECK(shifts[1].sessions == 0);
  CHECK(tent.history().served_by_therapist.at("Ann") == 1);

  auto const stats = compute_stats(tent, t0 + 25 * minute);
  REQUIRE(stats.therapists.size() == 2);
  auto const& ann = stats.therapists[0].name == "Ann" ? stats.therapists[0] : stats.therapists[1];
  CHECK(ann.on_shift == 7 * minute);
  CHECK(ann.busy == 10 * minute);  // the session she began, beyond her time under that name

  SECTION("undoing the finish takes it off the shift again") {
    ok(tent, cmd::Undo{1}, t0 + 13 * minute);
    CHECK(shifts[0].sessions == 0);
    CHECK(shifts[0].busy_ms == 0);
  }
  SECTION("a snapshot keeps the shifts") { CHECK(Tent::restore(tent.state()).history().shifts == shifts); }
}

TEST_CASE("shifts: an undo takes the session off the shift it counted on, after a sign-out and in", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::SetTherapist{1, "Dana"}, t0);
  ok(tent, cmd::CheckIn{.bib = "7", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + minute);
  ok(tent, cmd::Arrive{1}, t0 + 2 * minute);
  ok(tent, cmd::Finish{1}, t0 + 5 * minute);
  // A name put right after the session: a second shift at the same table, of another spelling.
  ok(tent, cmd::SetTherapist{1, "Dana R"}, t0 + 5 * minute + 10'000);
  auto const& shifts = tent.history().shifts;
  REQUIRE(shifts.size() == 2);
  CHECK(shifts[0].sessions == 1);
  ok(tent, cmd::Undo{1}, t0 + 6 * minute);
  CHECK(shifts[0].sessions == 0);
  CHECK(shifts[0].busy_ms == 0);
  CHECK(shifts[1].sessions == 0);
  CHECK(shifts[1].busy_ms == 0);
  // Finished again: it counts on the first shift, where the runner lay down.
  ok(tent, cmd::Finish{1}, t0 + 7 * minute);
  CHECK(shifts[0].sessions == 1);
  CHECK(shifts[0].busy_ms == 5 * minute);
  CHECK(shifts[1].sessions == 0);
  CHECK(shifts[1].busy_ms == 0);
}

TEST_CASE("shifts: a table its therapist leaves calls nobody until someone signs in there", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::SetTherapist{1, "Eli"}, t0);
  ok(tent, cmd::CheckIn{.bib = "7", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + minute);
  REQUIRE(tent.table(1)->state == TableState::called);
  // Not while a runner walks to the table or lies on it: signing out, or in elsewhere, is refused.
  CHECK(tent.execute(cmd::SetTherapist{1, ""}, t0 + minute).error == Error::therapist_busy);
  ok(tent, cmd::OpenTable{2}, t0 + minute);
  CHECK(tent.execute(cmd::SetTherapist{2, "ELI"}, t0 + minute).error == Error::therapist_busy);
  ok(tent, cmd::Arrive{1}, t0 + 2 * minute);
  CHECK(tent.execute(cmd::SetTherapist{1, ""}, t0 + 3 * minute).error == Error::therapist_busy);
  CHECK(tent.table(1)->therapist == "Eli");
  ok(tent, cmd::CheckIn{.bib = "8", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + 4 * minute);
  // Table 2 has no name and is free: it calls bib 8 (a tent may use no names at all).
  REQUIRE(tent.table(2)->bib == "8");
  ok(tent, cmd::CheckIn{.bib = "9", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + 5 * minute);
  ok(tent, cmd::Finish{1}, t0 + 10 * minute);  // changeover 0: bib 9 is called at once
  REQUIRE(tent.table(1)->bib == "9");
  ok(tent, cmd::Arrive{1}, t0 + 11 * minute);
  ok(tent, cmd::CheckIn{.bib = "10", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + 12 * minute);
  ok(tent, cmd::Finish{1}, t0 + 20 * minute);
  REQUIRE(tent.table(1)->bib == "10");
  ok(tent, cmd::Arrive{1}, t0 + 21 * minute);
  ok(tent, cmd::Finish{1}, t0 + 30 * minute);
  REQUIRE(tent.table(1)->state == TableState::free);
  // Eli signs out: the table goes on a break, and the next runner waits for a table with someone.
  auto const out = tent.execute(cmd::SetTherapist{1, ""}, t0 + 31 * minute);
  REQUIRE(out.ok());
  REQUIRE(out.events.size() == 2);
  CHECK(std::holds_alternative<ev::BreakStarted>(out.events[1]));
  CHECK(tent.table(1)->state == TableState::on_break);
  ok(tent, cmd::CheckIn{.bib = "11", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + 32 * minute);
  CHECK(tent.queue().size() == 1);
  CHECK(tent.table(1)->state == TableState::on_break);
  // Signing out a table with nobody on it changes nothing.
  CHECK(tent.execute(cmd::SetTherapist{1, ""}, t0 + 33 * minute).events.empty());
  // Fay signs in there: the break ends and the table calls the runner at the front.
  auto const in = tent.execute(cmd::SetTherapist{1, "Fay"}, t0 + 34 * minute);
  REQUIRE(in.ok());
  CHECK(tent.table(1)->state == TableState::called);
  CHECK(tent.table(1)->bib == "11");
  CHECK(tent.check_invariants().empty());
  // A therapist's own break is theirs: another name there does not end it.
  ok(tent, cmd::Arrive{1}, t0 + 35 * minute);
  ok(tent, cmd::Finish{1}, t0 + 40 * minute);
  ok(tent, cmd::StartBreak{1}, t0 + 41 * minute);
  ok(tent, cmd::SetTherapist{1, "Gus"}, t0 + 42 * minute);
  CHECK(tent.table(1)->state == TableState::on_break);
}

TEST_CASE("shifts: a session ended by a referral from the table counts, in the hours and the statistics alike",
          "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::SetTherapist{1, "Cara"}, t0);
  ok(tent, cmd::CheckIn{.bib = "7", .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, t0 + minute);
  ok(tent, cmd::Arrive{1}, t0 + 2 * minute);
  ok(tent, cmd::Finish{1, Outcome::medical}, t0 + 4 * minute);
  auto const& shifts = tent.history().shifts;
  REQUIRE(shifts.size() == 1);
  CHECK(shifts[0].sessions == 1);
  CHECK(shifts[0].busy_ms == 2 * minute);
  auto const stats = compute_stats(tent, t0 + 10 * minute);
  REQUIRE(stats.therapists.size() == 1);
  CHECK(stats.therapists[0].served == 0);         // not served: sent to medical
  CHECK(stats.therapists[0].busy == 2 * minute);  // but the table time was hers
  SECTION("and an undo takes it off again") {
    ok(tent, cmd::Undo{1}, t0 + 5 * minute);
    CHECK(shifts[0].sessions == 0);
    CHECK(shifts[0].busy_ms == 0);
  }
}

TEST_CASE("shifts: names are compared case aside beyond ASCII too", "[shifts]") {
  auto tent = two_tables();
  ok(tent, cmd::OpenTable{1}, t0);
  ok(tent, cmd::OpenTable{2}, t0);
  ok(tent, cmd::SetTherapist{1, "ZOË"}, t0);
  ok(tent, cmd::SetTherapist{2, "zoë"}, t0 + minute);
  CHECK(tent.table(1)->therapist.empty());  // taken off table 1
  ok(tent, cmd::SetTherapist{1, "ÉLODIE STRAßE"}, t0 + 2 * minute);
  ok(tent, cmd::SetTherapist{2, "élodie strasse"}, t0 + 3 * minute);  // full folding: ß is ss
  CHECK(tent.table(1)->therapist.empty());
  auto const stats = compute_stats(tent, t0 + 4 * minute);
  REQUIRE(stats.therapists.size() == 2);
  CHECK(stats.therapists[0].on_shift + stats.therapists[1].on_shift == 5 * minute);
  CHECK(therapist_key("ZOË") == therapist_key("zoë"));
  CHECK(therapist_key("Ann Lee") == "ann lee");
  CHECK(therapist_key("Zoë") != therapist_key("Zoe"));  // an accent is not case
}
