#include "protocol/plan_json.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using namespace tent::protocol;
using nlohmann::json;

namespace {

constexpr Millis minute = seconds(60);

PlanRequest decoded(json const& plan, sim::Recorded const* recorded = nullptr) {
  auto d = decode_plan(plan, recorded);
  INFO(d.error.code << ": " << d.error.message);
  REQUIRE(d.request);
  return std::move(*d.request);
}

WireError refused(json const& plan, sim::Recorded const* recorded = nullptr) {
  auto d = decode_plan(plan, recorded);
  REQUIRE_FALSE(d.request);
  return d.error;
}

json marathon() {
  return {{"finishers", {{"count", 2000}, {"start", "9:00"}, {"median_min", 250}, {"p90_min", 310}, {"last_min", 420}}},
          {"take_up", 0.25},
          {"delay_min", 10},
          {"delay_spread_min", 10},
          {"tables", json::array({{{"from", "10:30"}, {"tables", 4}}, {{"from", "11:30"}, {"tables", 10}}})}};
}

}  // namespace

TEST_CASE("plan: times of day read as H:MM or H:MM:SS and print as HH:MM:SS", "[plan]") {
  CHECK(parse_clock("9:05") == seconds(9 * 3600 + 5 * 60));
  CHECK(parse_clock(" 13:45:07 ") == seconds(13 * 3600 + 45 * 60 + 7));
  CHECK(parse_clock("25:00") == seconds(25 * 3600));  // a night race runs past midnight
  for (auto const* bad : {"", "9", "9:5", "9:60", "48:00", "12:00:61", "ab:cd", "9:00pm", "-1:00", "123:00"})
    CHECK_FALSE(parse_clock(bad));
  CHECK(clock_text(seconds(9 * 3600 + 5 * 60 + 3)) == "09:05:03");
  CHECK(clock_text(seconds(25 * 3600)) == "25:00:00");
}

TEST_CASE("plan: a marathon's finishers become the tent's arrivals after take-up and the walk over", "[plan]") {
  auto const r = decoded(marathon());
  auto const& a = r.plan.arrivals;
  // A quarter of 2000 come, give or take the draw.
  CHECK(a.size() > 440);
  CHECK(a.size() < 560);
  CHECK(std::is_sorted(a.begin(), a.end()));
  // Nobody before the start plus the fastest finish (half the median) plus the delay.
  CHECK(a.front() >= seconds(9 * 3600) + 125 * minute + 10 * minute);
  CHECK(a.back() <= seconds(9 * 3600) + 420 * minute + 20 * minute);
  REQUIRE(r.plan.shifts.size() == 2);
  CHECK(r.plan.shifts[1] == sim::Staffing{seconds(11 * 3600 + 30 * 60), 10});
  CHECK(r.plan.session.kind == sim::SessionLength::Kind::lognormal);  // the default
  CHECK(r.plan.walk == seconds(60));
  CHECK(r.plan.settings.changeover_s == 60);
  CHECK_FALSE(r.goal);
  CHECK_FALSE(r.replay);
  // Seeded: the same plan, the same runners; another seed, others.
  CHECK(decoded(marathon()).plan.arrivals == a);
  auto other = marathon();
  other["seed"] = 2;
  CHECK(decoded(other).plan.arrivals != a);
}

TEST_CASE("plan: finish times come as a list or as a results CSV", "[plan]") {
  auto plan = marathon();
  plan.erase("finishers");
  plan["take_up"] = 1;
  plan["finish_times"] = json::array({"12:00:10", 43300, "11:59"});
  auto const listed = decoded(plan);
  CHECK(listed.plan.arrivals.size() == 3);
  CHECK(listed.plan.arrivals.front() >= seconds(11 * 3600 + 59 * 60 + 600));

  plan.erase("finish_times");
  plan["finish_times_csv"] = "Place;Name;Finish\n1;Ann;11:02:03\n2;Bo;DNF\n3;Cy;11:30:00\n";
  CHECK(decoded(plan).plan.arrivals.size() == 2);
  CHECK(decoded(plan).skipped_finish_times == 1);  // Bo's DNF, said in the answer
  auto const csv = parse_finish_times_csv("Place;Name;Finish\n1;Ann;11:02:03\n2;Bo;DNF\n3;Cy;11:30:00\n");
  CHECK(csv.times == std::vector<Millis>{seconds(11 * 3600 + 2 * 60 + 3), seconds(11 * 3600 + 30 * 60)});
  CHECK(csv.skipped == 1);
  // No header: the first column.
  CHECK(parse_finish_times_csv("10:00:00\n10:00:05\n").times.size() == 2);
  // No header, the time in the first row's first column holding one: that row is a runner too.
  auto const bare = parse_finish_times_csv("9:10:00,Anna\n9:20:00,Ben\n9:30:00,Carl\n");
  CHECK(bare.times.size() == 3);
  CHECK(bare.skipped == 0);
  CHECK(parse_finish_times_csv("Anna,9:10:00\nBen,9:20:00\n").times.size() == 2);
  CHECK_FALSE(parse_finish_times_csv("Name,Team\nAnn,Red\n").error.empty());
}

TEST_CASE("plan: a goal asks for the staffing search, and then the tables may be left out", "[plan]") {
  auto plan = marathon();
  plan.erase("tables");
  CHECK(refused(plan).code == "missing_field");
  plan["goal"] = {{"p90_wait_min", 15}};
  auto const r = decoded(plan);
  REQUIRE(r.goal);
  CHECK(r.goal->p90 == 15 * minute);
  CHECK(r.goal->max_tables == 40);
}

TEST_CASE("plan: a search that would take minutes is refused before it starts", "[plan]") {
  // 2,000 runners an hour for 48 hours: some 33 million runners through the core, about two minutes.
  json plan = {{"arrivals", {{"per_hour", 2000}, {"hours", 48}}}, {"goal", {{"p90_wait_min", 1}, {"max_tables", 100}}}};
  auto const e = refused(plan);
  CHECK(e.status == 422);
  CHECK(e.code == "plan_too_large");
  CHECK_THAT(e.message, Catch::Contains("over 48 hours"));
  // The same day simulated with a table list is fine, and so is a search of its first 6 hours.
  plan.erase("goal");
  plan["tables"] = 40;
  CHECK(decoded(plan).plan.arrivals.size() > 90'000);
  plan["goal"] = {{"p90_wait_min", 1}, {"max_tables", 100}};
  plan["arrivals"]["hours"] = 6;
  CHECK(decoded(plan).goal);
  // The marathon at a quarter's take-up, the largest the docs plan, is far inside the bound.
  auto marathon_plan = marathon();
  marathon_plan["take_up"] = 0.25;
  marathon_plan["goal"] = {{"p90_wait_min", 20}, {"max_tables", 100}};
  auto const r = decoded(marathon_plan);
  CHECK(sim::search_work(r.plan, *r.goal) < max_plan_search_work / 5);
}

TEST_CASE("plan: a bad field is refused naming it, whatever its place", "[plan]") {
  struct Case {
    char const* pointer;
    json value;
    char const* field;
  };
  auto const c =
      GENERATE(Case{"/take_up", 1.5, "take_up"}, Case{"/take_up", "half", "take_up"},
               Case{"/finishers/count", 0, "count"}, Case{"/finishers/count", 1e9, "count"},
               Case{"/finishers/start", "noon", "start"}, Case{"/finishers/p90_min", 200, "p90_min"},
               Case{"/tables", json::array(), "tables"}, Case{"/tables", 201, "tables"},
               Case{"/tables/1/from", "10:00", "from"}, Case{"/session", json{{"dist", "gamma"}}, "dist"},
               Case{"/session", json{{"mean_min", 0}}, "mean_min"}, Case{"/walk_s", -1, "walk_s"},
               Case{"/changeover_s", 901, "changeover_s"}, Case{"/call_timeout_s", 10, "call_timeout_s"},
               Case{"/no_show_policy", "maybe", "no_show_policy"}, Case{"/closing", "late", "closing"},
               Case{"/goal", json{{"p90_wait_min", 0}}, "p90_wait_min"}, Case{"/arrivals", "yesterday", "arrivals"},
               Case{"/arrivals", json{{"per_hour", 1e5}, {"hours", 5}}, "per_hour"}, Case{"/seed", -1, "seed"});
  auto plan = marathon();
  plan[json::json_pointer(c.pointer)] = c.value;
  auto const e = refused(plan);
  INFO(c.pointer << ": " << e.message);
  CHECK(e.status == 422);
  CHECK(e.code == "invalid_field");
  CHECK_THAT(e.message, Catch::Contains(c.field));
  CHECK(refused(json::array()).code == "bad_json");
}

TEST_CASE("plan: a replay takes the recorded day's arrivals, sessions, walks and staffing", "[plan]") {
  sim::Recorded day;
  day.arrivals = {seconds(36000), seconds(36060)};
  day.sessions = {seconds(500), seconds(700)};
  day.walks = {seconds(30), seconds(50), seconds(40)};
  day.shifts = {{seconds(35000), 2}};
  json const plan = {{"arrivals", "recorded"}};
  CHECK(refused(plan).code == "invalid_field");  // nothing recorded to replay
  auto const r = decoded(plan, &day);
  CHECK(r.replay);
  CHECK(r.plan.arrivals == day.arrivals);
  CHECK(r.plan.session.kind == sim::SessionLength::Kind::samples);
  CHECK(r.plan.session.mean == seconds(600));
  CHECK(r.plan.walk == seconds(40));
  CHECK(r.plan.shifts == day.shifts);
  // What if: the same day with another shift plan.
  auto what_if = plan;
  what_if["tables"] = 5;
  // A number of tables is staffed from the first arrival (not midnight, which would count hours
  // before anyone came in the day's utilisation).
  CHECK(decoded(what_if, &day).plan.shifts == std::vector<sim::Staffing>{{seconds(36000), 5}});
}

TEST_CASE("plan: the result is written with clock times and seconds", "[plan]") {
  sim::Result r;
  r.arrivals = 3;
  r.served = 2;
  r.wait = {.count = 2, .mean_s = 90.04, .p50 = seconds(60), .p90 = seconds(120), .max = seconds(120)};
  r.clear_at = seconds(10 * 3600);
  r.end = seconds(10 * 3600 + 600);
  sim::Bucket b;
  b.from = seconds(9 * 3600 + 45 * 60);
  b.utilisation = 0.66666;
  r.buckets.push_back(b);
  auto const j = result_json(r);
  CHECK(j["wait"] == json{{"count", 2}, {"mean_s", 90.0}, {"p50_s", 60}, {"p90_s", 120}, {"max_s", 120}});
  CHECK(j["clear_at"] == "10:00:00");
  CHECK(j["end_s"] == 36600);
  CHECK(j["buckets"][0]["from"] == "09:45:00");
  CHECK(j["buckets"][0]["utilisation"].get<double>() == Approx(0.667));
}
