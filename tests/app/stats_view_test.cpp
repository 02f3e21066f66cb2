// GET /api/stats as the organiser page reads it: arrivals beside sessions finished per 15
// minutes, and every referral of the event for the report.

#include "../core/tent_fixture.hpp"
#include "app/views.hpp"
#include "core/stats.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using nlohmann::json;

TEST_CASE("The stats count runners joining the line per 15 minutes beside sessions finished", "[app]") {
  test::Scene s;
  s.now = 1'700'000'100'000 - (1'700'000'100'000 % bucket_width);  // the start of a quarter hour
  Millis const first = s.now;
  s.settings([](Settings& x) { x.auto_assign = false; });
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  REQUIRE(s.checkin("3", {RedFlag::severe_cramping}).ok());  // referred: never joins the line
  REQUIRE(s.run(cmd::Call{1, {}}).ok());
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(16 * 60);
  REQUIRE(s.run(cmd::Finish{1, Outcome::served}).ok());
  REQUIRE(s.checkin("4").ok());

  auto const j = app::stats_view(compute_stats(s.tent, s.now), s.tent);
  CHECK(j.at("arrivals_15min") == json::parse(R"([{"start":)" + std::to_string(first) + R"(,"value":2},{"start":)" +
                                              std::to_string(first + bucket_width) + R"(,"value":1}])"));
  CHECK(j.at("throughput_15min") ==
        json::parse(R"([{"start":)" + std::to_string(first + bucket_width) + R"(,"value":1}])"));
}

TEST_CASE("The stats list every referral of the event, acknowledged and cleared ones too", "[app]") {
  test::Scene s;
  REQUIRE(s.run(cmd::LoadRoster{{{"7", "Ana", "Silva", "Marathon"}}}).ok());
  REQUIRE(s.checkin("7", {RedFlag::too_hot_or_cold}).ok());
  Millis const referred = s.now;
  s.later(30);
  REQUIRE(s.run(cmd::AckReferral{"7", "Jo"}).ok());
  s.later(30);
  REQUIRE(s.run(cmd::ClearReferral{"7", "medic"}).ok());
  REQUIRE(s.checkin("9", {RedFlag::dizzy_or_confused}).ok());

  auto const list = app::stats_view(compute_stats(s.tent, s.now), s.tent).at("referral_list");
  REQUIRE(list.size() == 2);
  CHECK(list[0].at("bib") == "7");
  CHECK(list[0].at("name") == "Ana Silva");
  CHECK(list[0].at("category") == "Marathon");
  CHECK(list[0].at("from") == "kiosk");
  CHECK(list[0].at("at") == referred);
  CHECK(list[0].at("red_flags") == json::array({"too_hot_or_cold"}));
  CHECK(list[0].at("acknowledged_at") == referred + 30'000);
  CHECK(list[0].at("cleared_at") == referred + 60'000);
  CHECK(list[1].at("bib") == "9");
  CHECK(list[1].at("acknowledged_at").is_null());
  CHECK(list[1].at("cleared_at").is_null());
}

TEST_CASE("The stats say by how much quoted waits were short or long on average", "[app]") {
  test::Scene s;
  s.settings([](Settings& x) { x.auto_assign = false; });
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  auto const quoted1 = s.tent.ticket("1")->quoted_wait_s;
  auto const quoted2 = s.tent.ticket("2")->quoted_wait_s;
  REQUIRE(quoted1 >= 0);
  REQUIRE(quoted2 >= 0);
  s.later(300);
  REQUIRE(s.run(cmd::Call{1, {}}).ok());  // runner 1 waited 300 s for the call
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(100);
  REQUIRE(s.run(cmd::Finish{1, Outcome::served}).ok());
  if (s.state(1) == TableState::changeover) REQUIRE(s.run(cmd::MarkReady{1}).ok());
  REQUIRE(s.run(cmd::Call{1, {}}).ok());  // runner 2 waited 400 s

  auto const q = app::stats_view(compute_stats(s.tent, s.now), s.tent).at("quotes");
  CHECK(q.at("count") == 2);
  CHECK(q.at("mean_bias_s").get<double>() == Approx(((300 - quoted1) + (400 - quoted2)) / 2.0));
  CHECK(q.at("mean_bias_s").get<double>() != 0);
}
