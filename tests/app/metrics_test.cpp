// The Prometheus text format writer (app/metrics_text.hpp), its histograms, and the tent's metrics
// built from a tent driven through the core (app/metrics.hpp).

#include "app/metrics.hpp"

#include "../core/tent_fixture.hpp"
#include "../store/temp_dir.hpp"
#include "app/dispatcher.hpp"
#include "app/metrics_text.hpp"
#include "metrics_sample.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace tent;
using namespace tent::app;
using tent::app::test::lines_starting;
using tent::app::test::metric;
using Type = MetricsText::Type;

TEST_CASE("Each family gets its HELP and TYPE line once, before its samples", "[app][metrics]") {
  MetricsText out;
  out.family("tent_things_total", Type::counter, "Things counted.");
  out.value(3, {{"kind", "a"}});
  out.value(4, {{"kind", "b"}});
  out.family("tent_level", Type::gauge, "A level.");
  out.value(0.5);
  CHECK(out.text() ==
        "# HELP tent_things_total Things counted.\n"
        "# TYPE tent_things_total counter\n"
        "tent_things_total{kind=\"a\"} 3\n"
        "tent_things_total{kind=\"b\"} 4\n"
        "# HELP tent_level A level.\n"
        "# TYPE tent_level gauge\n"
        "tent_level 0.5\n");
}

TEST_CASE("Label values escape backslash, double quote and newline, and HELP escapes backslash and newline",
          "[app][metrics]") {
  CHECK(MetricsText::escape_label_value(R"(C:\tent "A")"
                                        "\nnext") == R"(C:\\tent \"A\"\nnext)");
  CHECK(MetricsText::escape_label_value("plain ünïcode") == "plain ünïcode");
  MetricsText out;
  out.family("tent_x", Type::gauge, "back\\slash \"quoted\"\nsecond line");
  out.value(1, {{"name", "a\"b\\c\nd"}});
  CHECK(out.text() ==
        "# HELP tent_x back\\\\slash \"quoted\"\\nsecond line\n"
        "# TYPE tent_x gauge\n"
        "tent_x{name=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST_CASE("Sample values read back as the same number, and NaN and infinities use the format's words",
          "[app][metrics]") {
  CHECK(MetricsText::number(3) == "3");
  CHECK(MetricsText::number(0.0025) == "0.0025");
  CHECK(MetricsText::number(-1.5) == "-1.5");
  CHECK(MetricsText::number(1e21) == "1e+21");
  CHECK(MetricsText::number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(MetricsText::number(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(MetricsText::number(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(std::stod(MetricsText::number(0.1 + 0.2)) == 0.1 + 0.2);
}

TEST_CASE(
    "A histogram's buckets are cumulative, a value on a bound falls in that bound's bucket, and +Inf equals "
    "_count",
    "[app][metrics]") {
  Histogram h({1, 5, 10});
  for (double v : {0.5, 1.0, 3.0, 5.0, 7.0, 11.0, 100.0}) h.observe(v);
  CHECK(h.count() == 7);
  CHECK(h.sum() == 127.5);
  MetricsText out;
  out.family("tent_t_seconds", Type::histogram, "Times.");
  out.histogram(h, {{"where", "x"}});
  CHECK(out.text() ==
        "# HELP tent_t_seconds Times.\n"
        "# TYPE tent_t_seconds histogram\n"
        "tent_t_seconds_bucket{where=\"x\",le=\"1\"} 2\n"
        "tent_t_seconds_bucket{where=\"x\",le=\"5\"} 4\n"
        "tent_t_seconds_bucket{where=\"x\",le=\"10\"} 5\n"
        "tent_t_seconds_bucket{where=\"x\",le=\"+Inf\"} 7\n"
        "tent_t_seconds_sum{where=\"x\"} 127.5\n"
        "tent_t_seconds_count{where=\"x\"} 7\n");

  SECTION("empty, every bucket is 0 and so are _sum and _count") {
    MetricsText empty;
    empty.family("tent_e_seconds", Type::histogram, "Nothing yet.");
    empty.histogram(Histogram({0.5}));
    CHECK(metric(empty.text(), "tent_e_seconds_bucket{le=\"0.5\"}") == 0);
    CHECK(metric(empty.text(), "tent_e_seconds_bucket{le=\"+Inf\"}") == 0);
    CHECK(metric(empty.text(), "tent_e_seconds_count") == 0);
    CHECK(metric(empty.text(), "tent_e_seconds_sum") == 0);
  }
}

TEST_CASE("Histogram bounds must ascend strictly", "[app][metrics]") {
  CHECK_THROWS_AS(Histogram({1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(Histogram({2, 1}), std::invalid_argument);
  CHECK_NOTHROW(Histogram({}));
}

TEST_CASE("The writer refuses what would make an invalid or ambiguous exposition", "[app][metrics]") {
  MetricsText out;
  SECTION("a sample before any family") { CHECK_THROWS_AS(out.value(1), std::logic_error); }
  SECTION("a family declared twice") {
    out.family("tent_a", Type::gauge, "A.");
    CHECK_THROWS_AS(out.family("tent_a", Type::gauge, "A again."), std::logic_error);
  }
  SECTION("the same series twice, whatever the order of its labels") {
    out.family("tent_a", Type::gauge, "A.");
    out.value(1, {{"x", "1"}, {"y", "2"}});
    CHECK_THROWS_AS(out.value(1, {{"x", "1"}, {"y", "2"}}), std::logic_error);
    CHECK_THROWS_AS(out.value(1, {{"y", "2"}, {"x", "1"}}), std::logic_error);
    CHECK_NOTHROW(out.value(1, {{"x", "1"}, {"y", "3"}}));
    out.value(2);
    CHECK_THROWS_AS(out.value(2), std::logic_error);
  }
  SECTION("a label given twice in one series") {
    out.family("tent_a", Type::gauge, "A.");
    CHECK_THROWS_AS(out.value(1, {{"x", "1"}, {"x", "2"}}), std::logic_error);
  }
  SECTION("a counter whose name does not end in _total") {
    CHECK_THROWS_AS(out.family("tent_things", Type::counter, "Things."), std::logic_error);
  }
  SECTION("bad metric and label names") {
    CHECK_THROWS_AS(out.family("9tent", Type::gauge, "Bad."), std::logic_error);
    CHECK_THROWS_AS(out.family("tent-x", Type::gauge, "Bad."), std::logic_error);
    CHECK_THROWS_AS(out.family("", Type::gauge, "Bad."), std::logic_error);
    out.family("tent_ok", Type::gauge, "Fine.");
    CHECK_THROWS_AS(out.value(1, {{"__reserved", "x"}}), std::logic_error);
    CHECK_THROWS_AS(out.value(1, {{"a:b", "x"}}), std::logic_error);
    CHECK_THROWS_AS(out.value(1, {{"", "x"}}), std::logic_error);
  }
  SECTION("a value in a histogram family, a histogram in a gauge family, a histogram labelled le") {
    out.family("tent_h_seconds", Type::histogram, "H.");
    CHECK_THROWS_AS(out.value(1), std::logic_error);
    CHECK_THROWS_AS(out.histogram(Histogram({1}), {{"le", "1"}}), std::logic_error);
    out.family("tent_g", Type::gauge, "G.");
    CHECK_THROWS_AS(out.histogram(Histogram({1})), std::logic_error);
  }
}

TEST_CASE("The tent's metrics count what the tent did and time its waits and sessions", "[app][metrics]") {
  tent::test::Scene s;
  s.settings([](Settings& x) {
    x.changeover_s = 0;
    x.call_timeout_s = 60;  // a no-show may be marked after 60 s
  });
  s.open_tables(2);
  REQUIRE(s.checkin("1").ok());  // called to table 1 at once
  REQUIRE(s.checkin("2").ok());  // called to table 2 at once
  REQUIRE(s.checkin("3").ok());
  REQUIRE(s.checkin("4").ok());
  REQUIRE(s.checkin("5").ok());
  REQUIRE(s.checkin("6", {RedFlag::too_hot_or_cold}).ok());  // sent to medical, not queued
  REQUIRE(s.run(cmd::Leave{"5"}).ok());                      // a walkout
  s.later(90);
  REQUIRE(s.run(cmd::Arrive{1}).ok());  // waited 90 s
  REQUIRE(s.run(cmd::NoShow{2}).ok());  // "3" called to table 2
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1}).ok());  // a 600 s session; "4" called to table 1
  MetricsInputs in;
  in.now = s.now;
  in.sockets = {5, 2, 1, 1};
  in.slow_clients_cut = 7;
  CommitMetrics commits;
  commits.seconds.observe(0.002);
  commits.batches.observe(3);
  in.commits = &commits;
  auto const text = tent_metrics(s.tent, in);
  INFO(text);

  CHECK(metric(text, "tent_queue_length") == static_cast<double>(s.tent.queue().size()));
  CHECK(metric(text, "tent_checkins_total") == 5);
  CHECK(metric(text, "tent_calls_total") == 4);  // 1 arrived, 1 no-show, 2 called now ("3" and "4")
  CHECK(metric(text, "tent_sessions_finished_total") == 1);
  CHECK(metric(text, "tent_no_shows_total") == 1);
  CHECK(metric(text, "tent_walkouts_total") == 1);
  CHECK(metric(text, "tent_referrals_total{from=\"kiosk\"}") == 1);
  CHECK(metric(text, "tent_referrals_total{from=\"table\"}") == 0);
  CHECK(metric(text, "tent_wait_seconds_bucket{le=\"60\"}") == 0);
  CHECK(metric(text, "tent_wait_seconds_bucket{le=\"120\"}") == 1);
  CHECK(metric(text, "tent_wait_seconds_bucket{le=\"+Inf\"}") == 1);
  CHECK(metric(text, "tent_wait_seconds_sum") == 90);
  CHECK(metric(text, "tent_session_seconds_bucket{le=\"540\"}") == 0);
  CHECK(metric(text, "tent_session_seconds_bucket{le=\"600\"}") == 1);
  CHECK(metric(text, "tent_session_seconds_sum") == 600);
  CHECK(metric(text, "tent_session_seconds_count") == 1);
  CHECK(metric(text, "tent_websocket_connections{role=\"display\"}") == 5);
  CHECK(metric(text, "tent_websocket_connections{role=\"kiosk\"}") == 2);
  CHECK(metric(text, "tent_websocket_connections{role=\"volunteer\"}") == 1);
  CHECK(metric(text, "tent_websocket_connections{role=\"organiser\"}") == 1);
  CHECK(metric(text, "tent_commit_seconds_bucket{le=\"0.0025\"}") == 1);
  CHECK(metric(text, "tent_commit_seconds_bucket{le=\"0.001\"}") == 0);
  CHECK(metric(text, "tent_commit_batches_bucket{le=\"2\"}") == 0);
  CHECK(metric(text, "tent_commit_batches_bucket{le=\"4\"}") == 1);
  CHECK(metric(text, "tent_slow_clients_disconnected_total") == 7);
  // Every family once.
  CHECK(lines_starting(text, "# TYPE tent_wait_seconds ") == 1);
  CHECK(lines_starting(text, "# HELP tent_referrals_total ") == 1);
  // Backups off: no backup series at all.
  CHECK(lines_starting(text, "tent_backup_") == 0);

  SECTION("an undone session takes its count and its time back") {
    REQUIRE(s.run(cmd::Undo{1}).ok());
    auto const undone = tent_metrics(s.tent, in);
    CHECK(metric(undone, "tent_sessions_finished_total") == 0);
    CHECK(metric(undone, "tent_session_seconds_count") == 0);
  }
}

TEST_CASE("Backups on: the age of the last good copy once there is one, and whether the last copy failed",
          "[app][metrics]") {
  Tent tent;
  MetricsInputs in;
  in.now = 1'795'000'100'000;
  in.backups.enabled = true;
  auto text = tent_metrics(tent, in);
  CHECK_FALSE(metric(text, "tent_backup_age_seconds"));
  CHECK(metric(text, "tent_backup_last_failed") == 0);

  in.backups.last_ok_at = in.now - 42'500;
  in.backups.last_failed = true;
  text = tent_metrics(tent, in);
  CHECK(metric(text, "tent_backup_age_seconds") == 42.5);
  CHECK(metric(text, "tent_backup_last_failed") == 1);
  // Without a commit counted yet, the commit histograms are there and empty.
  CHECK(metric(text, "tent_commit_seconds_count") == 0);
  CHECK(metric(text, "tent_commit_batches_bucket{le=\"+Inf\"}") == 0);
}

TEST_CASE("The dispatcher counts each commit once with the batches it made durable, refused commands commit nothing",
          "[app][metrics]") {
  store::test::TempDir dir;
  store::EventStore store(dir.file("tent.db"));
  Dispatcher dispatcher(store, {});
  Millis const now = 1'795'000'000'000;
  for (auto bib : {"1", "2", "3"}) dispatcher.submit("checkin", {{"bib", bib}}, auth::Role::kiosk, now, {});
  dispatcher.submit("checkin", {{"bib", "1"}}, auth::Role::kiosk, now, {});  // refused: already waiting
  dispatcher.flush();
  auto const& commits = dispatcher.commits();
  CHECK(commits.batches.count() == 1);
  CHECK(commits.batches.sum() == 3);
  CHECK(commits.seconds.count() == 1);
  CHECK(commits.seconds.sum() > 0);

  dispatcher.submit("checkin", {{"bib", "2"}}, auth::Role::kiosk, now, {});  // refused alone: no commit at all
  dispatcher.flush();
  CHECK(commits.batches.count() == 1);
  dispatcher.submit("checkin", {{"bib", "4"}}, auth::Role::kiosk, now, {});
  dispatcher.flush();
  CHECK(commits.batches.count() == 2);
  CHECK(commits.batches.sum() == 4);
  CHECK(commits.seconds.count() == 2);
}
