#include "auth/throttle.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace tent::auth;
using tent::Millis;
using tent::seconds;

namespace {
constexpr Millis t0 = 1'700'000'000'000;  // an arbitrary epoch time
constexpr Millis minute = seconds(60);
constexpr Millis hour = seconds(3600);

void fail_times(Throttle& throttle, std::string const& key, int count, Millis now) {
  for (int i = 0; i < count; ++i) throttle.failure(key, now);
}
}  // namespace

TEST_CASE("An unknown key may try at once", "[auth]") {
  Throttle const throttle;
  CHECK(throttle.retry_after("10.0.0.1", t0) == 0);
}

TEST_CASE("Four failures cost nothing and the fifth locks the sixth attempt for 30 s", "[auth]") {
  Throttle throttle;
  for (int i = 1; i <= 4; ++i) {
    throttle.failure("ip", t0);
    CAPTURE(i);
    CHECK(throttle.retry_after("ip", t0) == 0);
  }
  throttle.failure("ip", t0);
  CHECK(throttle.retry_after("ip", t0) == seconds(30));
  CHECK(throttle.retry_after("ip", t0 + seconds(10)) == seconds(20));
  CHECK(throttle.retry_after("ip", t0 + seconds(30)) == 0);
  CHECK(throttle.retry_after("ip", t0 + hour) == 0);
}

TEST_CASE("Each failure after the fifth doubles the lock up to 15 minutes", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "ip", 4, t0);
  Millis now = t0;
  for (Millis const expected :
       {seconds(30), seconds(60), seconds(120), seconds(240), seconds(480), seconds(900), seconds(900), seconds(900)}) {
    throttle.failure("ip", now);
    CAPTURE(expected);
    CHECK(throttle.retry_after("ip", now) == expected);
    now += expected;  // the client waits out the lock, then fails again
    CHECK(throttle.retry_after("ip", now) == 0);
  }
}

TEST_CASE("The lock stays at 15 minutes after many failures", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "ip", 1000, t0);
  CHECK(throttle.retry_after("ip", t0) == seconds(900));
}

TEST_CASE("A success resets the failure count", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "ip", 6, t0);
  REQUIRE(throttle.retry_after("ip", t0) == seconds(60));
  throttle.success("ip");
  CHECK(throttle.retry_after("ip", t0) == 0);
  CHECK(throttle.size() == 0);
  fail_times(throttle, "ip", 4, t0);
  CHECK(throttle.retry_after("ip", t0) == 0);
  throttle.failure("ip", t0);
  CHECK(throttle.retry_after("ip", t0) == seconds(30));
}

TEST_CASE("Keys are throttled independently", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "10.0.0.1", 5, t0);
  throttle.failure("10.0.0.2", t0);
  CHECK(throttle.retry_after("10.0.0.1", t0) == seconds(30));
  CHECK(throttle.retry_after("10.0.0.2", t0) == 0);
  throttle.success("10.0.0.2");
  CHECK(throttle.retry_after("10.0.0.1", t0) == seconds(30));
}

TEST_CASE("A key quiet for over an hour after its lock starts counting afresh", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "ip", 5, t0);  // locked until t0 + 30 s
  Millis const later = t0 + seconds(30) + hour + 1;
  throttle.failure("ip", later);
  CHECK(throttle.retry_after("ip", later) == 0);

  SECTION("but not one quiet for exactly an hour") {
    Throttle kept;
    fail_times(kept, "ip", 5, t0);
    Millis const at = t0 + seconds(30) + hour;
    kept.failure("ip", at);
    CHECK(kept.retry_after("ip", at) == seconds(60));
  }
}

TEST_CASE("Failures prune keys whose lock ended over an hour ago", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "locked", 5, t0);  // lock ends at t0 + 30 s
  throttle.failure("unlocked", t0);       // no lock: forgotten an hour after the failure
  throttle.failure("recent", t0 + hour);
  REQUIRE(throttle.size() == 3);

  throttle.failure("trigger", t0 + hour + minute);
  CHECK(throttle.size() == 2);  // "recent" and "trigger"
  CHECK(throttle.retry_after("locked", t0 + hour + minute) == 0);
}

TEST_CASE("Keys still locked are not pruned", "[auth]") {
  Throttle throttle;
  fail_times(throttle, "attacker", 20, t0);  // locked for 15 minutes
  throttle.failure("other", t0 + hour);
  CHECK(throttle.size() == 2);
  CHECK(throttle.retry_after("attacker", t0 + minute) == seconds(900) - minute);
}

TEST_CASE("A full map drops the key with the oldest failure", "[auth]") {
  ThrottlePolicy policy;
  policy.max_keys = 3;
  Throttle throttle{policy};
  fail_times(throttle, "b", 5, t0 + 1);
  fail_times(throttle, "a", 5, t0);
  fail_times(throttle, "c", 5, t0 + 2);
  REQUIRE(throttle.size() == 3);

  SECTION("a new key evicts the oldest") {
    throttle.failure("d", t0 + 3);
    CHECK(throttle.size() == 3);
    CHECK(throttle.retry_after("a", t0 + 3) == 0);
    CHECK(throttle.retry_after("b", t0 + 3) > 0);
    CHECK(throttle.retry_after("c", t0 + 3) > 0);
  }
  SECTION("a known key evicts nothing") {
    throttle.failure("a", t0 + 3);
    CHECK(throttle.size() == 3);
    CHECK(throttle.retry_after("a", t0 + 3) == seconds(60));
    CHECK(throttle.retry_after("b", t0 + 3) > 0);
    CHECK(throttle.retry_after("c", t0 + 3) > 0);
  }
}

TEST_CASE("The map never grows past 10,000 keys by default", "[auth]") {
  Throttle throttle;
  for (int i = 0; i < 10'050; ++i) throttle.failure("10.0." + std::to_string(i), t0 + i);
  CHECK(throttle.size() == 10'000);
  CHECK(throttle.retry_after("10.0.10049", t0 + 10'049) == 0);
  throttle.failure("10.0.10049", t0 + 10'050);
  CHECK(throttle.size() == 10'000);
}
