#include "core/estimate.hpp"

#include "tent_fixture.hpp"

#include <algorithm>
#include <random>

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
  CHECK(*wait_for(e, 4) == seconds(720));
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
  CHECK_FALSE(wait_for(eta(s.tent, s.now), 1));
}

TEST_CASE("The closed-form waits equal the simulated turnover of the tables", "[core]") {
  auto const tables = GENERATE(as<std::size_t>{}, 1, 2, 7, 60, 200);
  auto const seed = GENERATE(range(1u, 6u));
  std::mt19937 rng(seed);
  for (int round = 0; round < 40; ++round) {
    Eta e;
    e.walk = static_cast<Millis>(rng() % 120'000);
    e.session = round % 10 == 0 ? 0 : static_cast<Millis>(rng() % 1'200'000);
    e.changeover = round % 10 == 0 ? 0 : static_cast<Millis>(rng() % 300'000);
    if (round % 10 == 0) e.walk = 0;  // a zero turnover: every slot is 0
    for (std::size_t i = 0; i < tables; ++i) {
      // Ties, free tables (0) and full turnovers are the edges of the rounds.
      switch (rng() % 4) {
        case 0:
          e.slots.push_back(0);
          break;
        case 1:
          e.slots.push_back(e.turnover());
          break;
        default:
          e.slots.push_back(e.turnover() == 0 ? 0
                                              : static_cast<Millis>(rng() % static_cast<unsigned>(e.turnover() + 1)));
      }
    }
    std::sort(e.slots.begin(), e.slots.end());
    auto const count = tables * 3 + 5;
    INFO("tables " << tables << " seed " << seed << " round " << round << " turnover " << e.turnover());
    auto const simulated = simulated_waits(e, count);
    for (std::size_t p = 1; p <= count; ++p) REQUIRE(*wait_for(e, static_cast<std::int32_t>(p)) == simulated[p - 1]);
    auto const far = std::int32_t{10'007};  // many rounds on
    REQUIRE(*wait_for(e, far) == simulated_waits(e, static_cast<std::size_t>(far)).back());
  }
}

TEST_CASE("A slot beyond one turnover falls back to the simulation", "[core]") {
  Eta e;
  e.walk = seconds(60);
  e.session = seconds(600);
  e.slots = {0, seconds(2000)};  // not one eta() builds, but the answer must still be right
  auto const simulated = simulated_waits(e, 6);
  CHECK(simulated == std::vector<Millis>{0, seconds(660), seconds(1320), seconds(1980), seconds(2000), seconds(2640)});
  for (std::int32_t p = 1; p <= 6; ++p) CHECK(*wait_for(e, p) == simulated[static_cast<std::size_t>(p - 1)]);
}
