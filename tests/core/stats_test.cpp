#include "core/stats.hpp"

#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

TEST_CASE("Distributions use nearest-rank percentiles", "[core]") {
  auto d = distribution({5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
  CHECK(d.count == 10);
  CHECK(d.p50 == 5);
  CHECK(d.p90 == 9);
  CHECK(d.max == 10);
  CHECK(distribution({}).count == 0);
}

TEST_CASE("Stats count runners, time their steps and bucket throughput", "[core]") {
  Scene s;
  s.now = 1'700'000'100'000 - (1'700'000'100'000 % bucket_width);  // the start of a quarter hour
  auto const start = s.now;
  s.settings([](Settings& x) { x.changeover_s = 0; });
  s.open_tables(1);
  REQUIRE(s.run(cmd::SetTherapist{1, "Dana"}).ok());
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  REQUIRE(s.checkin("3", {RedFlag::too_hot_or_cold}).ok());
  s.later(30);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1}).ok());  // "2" called
  s.later(60);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(60);

  auto st = compute_stats(s.tent, s.now);
  CHECK(st.checked_in == 2);
  CHECK(st.referrals == 1);
  CHECK(st.served == 1);
  CHECK(st.in_session == 1);
  CHECK(st.waiting == 0);
  CHECK(st.wait.count == 2);
  CHECK(st.wait.max == seconds(690));
  CHECK(st.walk.p50 == seconds(30));
  CHECK(st.session.max == seconds(600));
  REQUIRE(st.throughput.size() == 1);
  CHECK(st.throughput[0].value == 1);
  CHECK(st.throughput[0].start == start);
  REQUIRE(st.queue_length.size() == 1);
  CHECK(st.queue_length[0].value == 1);
  REQUIRE(st.tables.size() == 1);
  CHECK(st.tables[0].served == 1);
  CHECK(st.tables[0].utilisation == Approx(660.0 / 750.0));
  REQUIRE(st.therapists.size() == 1);
  CHECK(st.therapists[0].name == "Dana");
  CHECK(st.therapists[0].served == 1);
  CHECK(st.quotes.count == 2);
  CHECK_FALSE(st.projected_clear_at);  // nobody waiting
}
