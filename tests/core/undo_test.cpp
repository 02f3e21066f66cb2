#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

TEST_CASE("Undo puts back the last arrival, finish or no-show on a table", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  CHECK(s.run(cmd::Undo{1}).error == Error::nothing_to_undo);
  s.later(30);
  REQUIRE(s.run(cmd::Arrive{1}).ok());

  SECTION("an arrival tapped by mistake") {
    REQUIRE(s.run(cmd::Undo{1}).ok());
    CHECK(s.state(1) == TableState::called);
    CHECK(s.status("1") == TicketStatus::called);
    CHECK(s.tent.history().walks_ms.empty());
    CHECK(s.tent.history().waits_ms.empty());
    CHECK(s.run(cmd::Undo{1}).error == Error::nothing_to_undo);
  }
  SECTION("a finish, sending the runner it called back to the front of the queue") {
    s.settings([](Settings& x) { x.changeover_s = 0; });
    s.later(300);
    REQUIRE(s.run(cmd::Finish{1}).ok());
    CHECK(s.at_table(1) == "2");
    s.later(10);
    REQUIRE(s.run(cmd::Undo{1}).ok());
    CHECK(s.state(1) == TableState::in_session);
    CHECK(s.at_table(1) == "1");
    CHECK(s.status("1") == TicketStatus::in_session);
    CHECK(s.tent.queue().bibs() == std::vector<Bib>{"2"});
    CHECK(s.tent.history().served == 0);
    CHECK(s.tent.history().sessions_ms.empty());
    CHECK(s.tent.table(1)->served == 0);
    CHECK(s.tent.check_invariants().empty());
  }
  SECTION("not once the next runner has arrived") {
    s.settings([](Settings& x) { x.changeover_s = 0; });
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    s.later(10);
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.run(cmd::Undo{1}).ok());  // undoes "2"'s finish, not "1"'s
    CHECK(s.at_table(1) == "2");
  }
  SECTION("not after the undo window") {
    REQUIRE(s.run(cmd::Finish{1}).ok());
    s.later(121);
    CHECK(s.run(cmd::Undo{1}).error == Error::undo_expired);
  }
  SECTION("not once the runner has checked in again") {
    s.settings([](Settings& x) { x.allow_repeats = true; });
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.checkin("1").ok());
    CHECK(s.run(cmd::Undo{1}).error == Error::undo_unsafe);
  }
}

TEST_CASE("Undo of a no-show brings the runner back to the table", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  s.later(200);
  REQUIRE(s.run(cmd::NoShow{1}).ok());
  CHECK(s.at_table(1) == "2");
  REQUIRE(s.run(cmd::Undo{1}).ok());
  CHECK(s.at_table(1) == "1");
  CHECK(s.status("1") == TicketStatus::called);
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"2"});
  CHECK(s.tent.history().no_shows == 0);
  CHECK_FALSE(s.tent.ticket("1")->requeued);
  CHECK(s.tent.check_invariants().empty());
}
