#include "auth/guess_budget.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using auth::GuessBudget;

TEST_CASE("Thirty wrong secrets a minute cost nothing, each one past that pauses checks, doubling", "[auth]") {
  GuessBudget budget;
  Millis now = 1'000'000;
  for (int i = 0; i < 30; ++i) {
    CHECK(budget.failure(now) == 0);
    now += 100;
  }
  CHECK(budget.retry_after(now) == 0);
  CHECK(budget.failure(now) == seconds(1));
  CHECK(budget.retry_after(now) == seconds(1));
  now += seconds(1);
  CHECK(budget.retry_after(now) == 0);
  CHECK(budget.failure(now) == seconds(2));
  now += seconds(2);
  CHECK(budget.failure(now) == seconds(4));
  now += seconds(4);
  CHECK(budget.failure(now) == seconds(8));
  now += seconds(8);
  CHECK(budget.failure(now) == seconds(16));  // 34 s after the first: the thirty are still within the minute

  SECTION("a quiet minute restores the budget and the first pause") {
    now += seconds(121);
    CHECK(budget.recent(now) == 0);
    for (int i = 0; i < 30; ++i) CHECK(budget.failure(now + i) == 0);
    CHECK(budget.failure(now + 30) == seconds(1));
  }
}

TEST_CASE("However fast guesses come, about thirty a minute are checked", "[auth]") {
  GuessBudget budget;
  Millis now = 0;
  int guesses = 0;
  // An attacker guessing whenever the pause allows, for ten minutes.
  while (now < seconds(600)) {
    if (budget.retry_after(now) == 0) {
      budget.failure(now);
      ++guesses;
    }
    now += 50;
  }
  CHECK(guesses <= 40 * 10);  // an attempt every 50 ms would be 12,000
  CHECK(guesses >= 30 * 5);
}

TEST_CASE("Pauses stop doubling at the longest pause", "[auth]") {
  GuessBudget budget({2, seconds(1), seconds(4)});
  Millis now = 0;
  budget.failure(now);
  budget.failure(now);
  CHECK(budget.failure(now) == seconds(1));
  CHECK(budget.failure(now += seconds(1)) == seconds(2));
  CHECK(budget.failure(now += seconds(2)) == seconds(4));
  CHECK(budget.failure(now += seconds(4)) == seconds(4));
}
