// Medical referrals stick: a referred bib is refused at the kiosk until a volunteer clears it,
// every referral is kept as its own record, and volunteers acknowledge each one.

#include "core/stats.hpp"
#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

namespace {

// A runner on table 1, in session.
void in_session(Scene& s, Bib const& bib) {
  REQUIRE(s.checkin(bib).ok());
  s.open_tables(1);
  REQUIRE(s.at_table(1) == bib);
  s.later(30);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(120);
}

}  // namespace

TEST_CASE("A referred bib is refused at the kiosk until a volunteer clears the referral", "[core]") {
  Scene s;
  REQUIRE(s.checkin("500", {RedFlag::chest_or_breathing, RedFlag::dizzy_or_confused}).ok());
  s.later(8 * 60);

  auto again = s.checkin("500");  // an honest "no" this time changes nothing
  CHECK(again.error == Error::referred);
  CHECK(again.existing == Bib{"500"});
  CHECK(s.status("500") == TicketStatus::referred);
  CHECK(s.tent.queue().empty());
  CHECK(s.checkin("500", {RedFlag::open_wound}).error == Error::referred);

  SECTION("acknowledging does not clear it") {
    REQUIRE(s.run(cmd::AckReferral{"500", "volunteer"}).ok());
    CHECK(s.checkin("500").error == Error::referred);
  }
  SECTION("clearing lets the runner check in, and the clear is recorded with who and when") {
    auto const cleared_at = s.now;
    REQUIRE(s.run(cmd::ClearReferral{"500", "volunteer"}).ok());
    auto const& record = s.tent.referrals().all().at(0);
    CHECK(record.cleared_at == cleared_at);
    CHECK(record.cleared_by == "volunteer");
    CHECK(s.tent.referrals().open("500") == nullptr);
    s.later(60);
    REQUIRE(s.checkin("500").ok());
    CHECK(s.tent.position("500") == 1);
    CHECK(s.tent.referrals().all().size() == 1);  // the referral record survives the new visit
    CHECK(s.run(cmd::ClearReferral{"500", "volunteer"}).error == Error::not_referred);
  }
}

TEST_CASE("A volunteer may queue a referred runner deliberately, which closes the referral", "[core]") {
  Scene s;
  REQUIRE(s.checkin("500", {RedFlag::severe_cramping}).ok());
  auto d = s.run(cmd::CheckIn{"500", {}, {}, "", cmd::Source::volunteer, {}});
  REQUIRE(d.ok());
  auto const& in = std::get<ev::CheckedIn>(d.events.at(0));
  CHECK(in.was_referred);
  CHECK(s.tent.position("500") == 1);
  CHECK(s.tent.referrals().open("500") == nullptr);
  CHECK(s.tent.referrals().all().at(0).cleared_by == "add_runner");
  CHECK(s.tent.referrals().unacknowledged().empty());

  SECTION("but a volunteer's red-flag answers for an open referral are refused") {
    Scene t;
    REQUIRE(t.checkin("9", {RedFlag::open_wound}).ok());
    CHECK(t.run(cmd::CheckIn{"9", {}, {RedFlag::open_wound}, "", cmd::Source::volunteer, {}}).error == Error::referred);
  }
}

TEST_CASE("Open referrals wait for a volunteer's acknowledgement, which is an event", "[core]") {
  Scene s;
  REQUIRE(s.checkin("1", {RedFlag::too_hot_or_cold}).ok());
  s.later(5);
  REQUIRE(s.checkin("2", {RedFlag::open_wound}).ok());
  auto open = s.tent.referrals().unacknowledged();
  REQUIRE(open.size() == 2);
  CHECK(open[0]->bib == "1");
  CHECK(open[0]->red_flags == std::vector<RedFlag>{RedFlag::too_hot_or_cold});

  auto d = s.run(cmd::AckReferral{"1", "volunteer"});
  REQUIRE(d.ok());
  REQUIRE(d.events.size() == 1);
  CHECK(std::holds_alternative<ev::ReferralAcknowledged>(d.events[0]));
  REQUIRE(s.tent.referrals().unacknowledged().size() == 1);
  CHECK(s.tent.referrals().unacknowledged()[0]->bib == "2");

  auto twice = s.run(cmd::AckReferral{"1", "volunteer"});  // a second volunteer at the same moment
  CHECK(twice.ok());
  CHECK(twice.events.empty());
  CHECK(s.run(cmd::AckReferral{"77", "volunteer"}).error == Error::unknown_bib);
  REQUIRE(s.checkin("3").ok());
  CHECK(s.run(cmd::AckReferral{"3", "volunteer"}).error == Error::not_referred);
  REQUIRE(s.run(cmd::ClearReferral{"2", "organiser"}).ok());
  CHECK(s.tent.referrals().unacknowledged().empty());
}

TEST_CASE("Sending a runner to medical from the table refers them and counts apart from the kiosk", "[core]") {
  Scene s;
  in_session(s, "42");
  REQUIRE(s.checkin("43", {RedFlag::chest_or_breathing}).ok());
  REQUIRE(s.run(cmd::Finish{1, Outcome::medical}).ok());
  CHECK(s.status("42") == TicketStatus::referred);
  CHECK(s.state(1) == TableState::changeover);
  CHECK(s.tent.table(1)->served == 0);
  CHECK(s.tent.history().served == 0);
  CHECK(s.checkin("42").error == Error::referred);
  auto const* r = s.tent.referrals().open("42");
  REQUIRE(r);
  CHECK(r->from == Referral::From::table);
  CHECK(r->table == TableId{1});
  CHECK(r->red_flags.empty());

  auto const st = compute_stats(s.tent, s.now);
  CHECK(st.referrals == 2);
  CHECK(st.referrals_kiosk == 1);
  CHECK(st.referrals_table == 1);
  CHECK(st.served == 0);

  SECTION("and undo takes it back") {
    REQUIRE(s.run(cmd::Undo{1}).ok());
    CHECK(s.status("42") == TicketStatus::in_session);
    CHECK(s.tent.referrals().open("42") == nullptr);
    CHECK(compute_stats(s.tent, s.now).referrals_table == 0);
    CHECK(s.tent.history().referrals == 1);
    CHECK(s.tent.check_invariants().empty());
  }
  SECTION("undo is unsafe once the referral was cleared") {
    REQUIRE(s.run(cmd::ClearReferral{"42", "volunteer"}).ok());
    CHECK(s.run(cmd::Undo{1}).error == Error::undo_unsafe);
  }
}

TEST_CASE("Replaying the referral events rebuilds the same referrals", "[core]") {
  Scene s;
  std::vector<Batch> log;
  auto run = [&](Command const& c) {
    auto d = s.tent.decide(c, s.now);
    REQUIRE(d.ok());
    log.push_back({s.now, d.events});
    s.tent.apply(log.back());
    s.later(10);
  };
  run(cmd::CreateTable{"T"});
  run(cmd::OpenTable{1});
  run(cmd::CheckIn{"1", {}, {RedFlag::open_wound}, "", cmd::Source::kiosk, {}});
  run(cmd::CheckIn{"2", {Area::calves}, {}, "", cmd::Source::kiosk, {}});
  run(cmd::Arrive{1});
  run(cmd::Finish{1, Outcome::medical});
  run(cmd::AckReferral{"2", "volunteer"});
  run(cmd::ClearReferral{"1", "volunteer"});
  Tent replayed;
  for (auto const& b : log) replayed.apply(b);
  auto const& a = s.tent.referrals().all();
  auto const& b = replayed.referrals().all();
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].bib == b[i].bib);
    CHECK(a[i].at == b[i].at);
    CHECK(a[i].acknowledged_at == b[i].acknowledged_at);
    CHECK(a[i].cleared_at == b[i].cleared_at);
    CHECK(a[i].areas == b[i].areas);
  }
}
