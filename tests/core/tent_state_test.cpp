// A tent as a value: the state a snapshot stores gives back the same tent, which then decides and
// applies every later command exactly as the original does.

#include "core/tent_state.hpp"

#include "random_command.hpp"
#include "tent_fixture.hpp"

#include <random>

using namespace tent;
using tent::test::random_command;

namespace {

// Runs `steps` random commands on `tent` from `now`, returning the time after the last one.
Millis run(Tent& tent, std::mt19937& rng, Millis now, int steps) {
  TableId last_table = 1;
  for (int step = 0; step < steps; ++step) {
    now += static_cast<Millis>(rng() % 90'000);
    auto const command = random_command(rng, tent, last_table);
    auto const d = tent.decide(command, now);
    if (!d.ok()) continue;
    std::visit(
        [&](auto const& c) {
          if constexpr (requires { c.table; }) last_table = c.table;
        },
        command);
    if (!d.events.empty()) tent.apply(Batch{now, d.events});
  }
  return now;
}

}  // namespace

TEST_CASE("A tent restored from its state holds the same state", "[core]") {
  auto const seed = GENERATE(range(1u, 21u));
  std::mt19937 rng(seed);
  Tent tent;
  run(tent, rng, 1'700'000'000'000, 1000);
  auto const state = tent.state();
  INFO("seed " << seed);
  REQUIRE(!state.tickets.empty());
  REQUIRE(!state.referrals.all().empty());
  auto const restored = Tent::restore(state);
  CHECK(restored.state() == state);
  CHECK(restored.check_invariants().empty());
  CHECK(restored.queue().entries() == tent.queue().entries());
}

TEST_CASE("A restored tent decides and applies later commands exactly like the original", "[core]") {
  auto const seed = GENERATE(range(1u, 21u));
  std::mt19937 rng(seed);
  Tent original;
  auto now = run(original, rng, 1'700'000'000'000, 800);
  auto restored = Tent::restore(original.state());
  TableId last_table = 1;
  for (int step = 0; step < 800; ++step) {
    now += static_cast<Millis>(rng() % 90'000);
    auto const command = random_command(rng, original, last_table);
    auto const a = original.decide(command, now);
    auto const b = restored.decide(command, now);
    INFO("seed " << seed << " step " << step);
    REQUIRE(a.error == b.error);
    REQUIRE(a.events.size() == b.events.size());
    REQUIRE(a.existing == b.existing);
    if (!a.ok()) continue;
    std::visit(
        [&](auto const& c) {
          if constexpr (requires { c.table; }) last_table = c.table;
        },
        command);
    if (a.events.empty()) continue;
    original.apply(Batch{now, a.events});
    restored.apply(Batch{now, b.events});
    REQUIRE(restored.state() == original.state());
  }
}

TEST_CASE("States differ when anything a tent holds differs", "[core]") {
  test::Scene scene;
  scene.open_tables(1);
  REQUIRE(scene.checkin("101").ok());
  auto const before = scene.tent.state();
  SECTION("a ticket") { REQUIRE(scene.checkin("102").ok()); }
  SECTION("a referral") { REQUIRE(scene.checkin("103", {RedFlag::open_wound}).ok()); }
  SECTION("the time only") {
    scene.later(60);
    REQUIRE(scene.run(cmd::Tick{}).ok());
    auto s = scene.tent.state();
    s.last_at = before.last_at + 1;
    CHECK_FALSE(s == before);
    return;
  }
  CHECK_FALSE(scene.tent.state() == before);
}
