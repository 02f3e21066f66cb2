#include "core/estimate.hpp"

#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

TEST_CASE("Before any data the estimate uses the settings and a one-minute walk", "[core]") {
  Scene s;
  CHECK_FALSE(wait_for(eta(s.tent, s.now), 1));  // no open table: no estimate
  s.open_tables(2);
  auto e = eta(s.tent, s.now);
  CHECK(e.turnover() == seconds(60 + 600 + 60));
  CHECK(*wait_for(e, 1) == 0);
  CHECK(*wait_for(e, 2) == 0);
  CHECK(*wait_for(e, 3) == seconds(720));
  CHECK(*wait_for(e, 5) == seconds(1440));
  CHECK(waits(e, 4) == std::vector<Millis>{0, 0, seconds(720), seconds(720)});
}

TEST_CASE("A busy table frees when its session and changeover should end", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  s.later(60);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(100);
  auto e = eta(s.tent, s.now);
  REQUIRE(e.slots.size() == 1);
  // session blends 3 default samples of 600 s: still 600 s; 500 s left, plus 60 s changeover
  CHECK(e.slots[0] == seconds(560));
  CHECK(quote_s(wait_for(e, 1)) == 560);
  CHECK(quote_s(std::nullopt) == -1);
}

TEST_CASE("Recent sessions move the estimate away from the default", "[core]") {
  Scene s;
  s.settings([](Settings& x) { x.changeover_s = 0; });
  s.open_tables(1);
  for (int i = 0; i < 6; ++i) {
    REQUIRE(s.checkin(std::to_string(i)).ok());
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    s.later(300);
    REQUIRE(s.run(cmd::Finish{1}).ok());
  }
  auto e = eta(s.tent, s.now);
  CHECK(e.session == (seconds(600) * 3 + seconds(300) * 6) / 9);
  CHECK(e.walk == seconds(60) * 3 / 9);
  CHECK(e.changeover == 0);
}

TEST_CASE("Closed tables and tables on break give no estimate", "[core]") {
  Scene s;
  s.open_tables(2);
  REQUIRE(s.run(cmd::CloseTable{1}).ok());
  REQUIRE(s.run(cmd::StartBreak{2}).ok());
  CHECK(eta(s.tent, s.now).slots.empty());
  CHECK(waits(eta(s.tent, s.now), 3).empty());
}
