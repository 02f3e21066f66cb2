// The organiser's export: local ISO 8601 times with their offset, the red-flag answers, the
// roster category on every row, one row per referral, and no formula a spreadsheet would run.

#include "../core/tent_fixture.hpp"
#include "app/local_time.hpp"
#include "app/sessions_export.hpp"
#include "core/stats.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace tent;
using tent::app::iso_local;
using tent::app::sessions_csv;

namespace {

std::vector<std::string> lines_of(std::string const& csv) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < csv.size()) {
    auto end = csv.find("\r\n", at);
    out.push_back(csv.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

// The CSV fields of a line without quoted separators (the tests' rows have none).
std::vector<std::string> fields_of(std::string const& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// One row as column name -> value, found by its bib and status.
std::map<std::string, std::string> row(std::string const& csv, std::string const& bib, std::string const& status) {
  auto const lines = lines_of(csv);
  auto const header = fields_of(lines.at(0));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto const f = fields_of(lines[i]);
    REQUIRE(f.size() == header.size());
    std::map<std::string, std::string> r;
    for (std::size_t c = 0; c < f.size(); ++c) r[header[c]] = f[c];
    if (r["bib"] == bib && r["status"] == status) return r;
  }
  FAIL("no row for bib " << bib << " with status " << status);
  return {};
}

std::int32_t plus_two(Millis) { return 7200; }

}  // namespace

TEST_CASE("A time is written as local ISO 8601 with the offset it was given", "[app]") {
  Millis const t = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC
  CHECK(iso_local(t, 0) == "2023-11-14T22:13:20+00:00");
  CHECK(iso_local(t, 7200) == "2023-11-15T00:13:20+02:00");    // past midnight in Berlin's summer time
  CHECK(tent::app::file_stamp(t, 7200) == "20231115-001320");  // a backup's file name sorts by time
  CHECK(iso_local(t, -(3 * 3600 + 1800)) == "2023-11-14T18:43:20-03:30");
  CHECK(iso_local(t + 999, 0) == "2023-11-14T22:13:20+00:00");  // milliseconds are dropped, never rounded up
  CHECK(iso_local(1'709'164'800'000, 3600) == "2024-02-29T01:00:00+01:00");  // a leap day
  CHECK(iso_local(0, -3600) == "1969-12-31T23:00:00-01:00");
}

TEST_CASE("The machine's offset follows the TZ of the server's environment", "[app]") {
  // Berlin: +01:00 in January, +02:00 in July (summer time), asked per instant.
  char const* before = std::getenv("TZ");
  std::string const saved = before ? before : "";
  setenv("TZ", "Europe/Berlin", 1);
  tzset();
  auto const winter = app::machine_offset_s(1'704'110'400'000);  // 2024-01-01 12:00 UTC
  auto const summer = app::machine_offset_s(1'719'835'200'000);  // 2024-07-01 12:00 UTC
  if (before)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  CHECK(winter == 3600);
  CHECK(summer == 7200);
}

TEST_CASE("The export writes every time of a visit in local time with its offset", "[app]") {
  test::Scene s;
  s.settings([](Settings& x) { x.auto_assign = false; });
  s.open_tables(1);
  REQUIRE(s.checkin("7").ok());
  s.later(60);
  REQUIRE(s.run(cmd::Call{1, {}}).ok());
  s.later(30);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1, Outcome::served}).ok());

  auto const csv = sessions_csv(s.tent, plus_two);
  auto r = row(csv, "7", "done");
  CHECK(r["checked_in_at"] == "2023-11-15T00:13:20+02:00");
  CHECK(r["called_at"] == "2023-11-15T00:14:20+02:00");
  CHECK(r["started_at"] == "2023-11-15T00:14:50+02:00");
  CHECK(r["finished_at"] == "2023-11-15T00:24:50+02:00");
  CHECK(r["wait_s"] == "90");
  CHECK(r["session_s"] == "600");
  CHECK(r["red_flags"].empty());

  SECTION("and each at the offset in force then (summer time ends during the event)") {
    Millis const change = s.now - seconds(300);  // between the call and the finish
    auto const csv2 = sessions_csv(s.tent, [change](Millis t) { return t < change ? 7200 : 3600; });
    auto r2 = row(csv2, "7", "done");
    CHECK(r2["checked_in_at"] == "2023-11-15T00:13:20+02:00");
    CHECK(r2["finished_at"] == "2023-11-14T23:24:50+01:00");
  }
}

TEST_CASE("The export gives every referral its own row, with its red-flag answers and category", "[app]") {
  test::Scene s;
  s.settings([](Settings& x) { x.auto_assign = false; });
  s.open_tables(1);
  REQUIRE(s.run(cmd::LoadRoster{{{"7", "Ana", "Silva", "Marathon"}, {"8", "Ben", "Okafor", "10K"}}}).ok());
  REQUIRE(s.checkin("7", {RedFlag::chest_or_breathing, RedFlag::open_wound}).ok());
  s.later(60);
  REQUIRE(s.run(cmd::ClearReferral{"7", "medic"}).ok());
  REQUIRE(s.checkin("7").ok());
  s.later(60);
  REQUIRE(s.run(cmd::Call{1, {}}).ok());
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(120);
  REQUIRE(s.run(cmd::Finish{1, Outcome::medical}).ok());  // sent to medical from the table

  auto const csv = sessions_csv(s.tent, plus_two);
  auto const lines = lines_of(csv);
  REQUIRE(lines.size() == 3);  // the header and one row per referral; no third row for the visit
  CHECK(lines[1].find(",kiosk,chest_or_breathing open_wound,") != std::string::npos);
  CHECK(lines[1].find("7,Ana,Silva,Marathon,referred,2023-11-15T00:13:20+02:00,") == 0);
  CHECK(lines[1].find(",2023-11-15T00:14:20+02:00,medic") != std::string::npos);  // cleared at, by
  CHECK(lines[2].find("7,Ana,Silva,Marathon,referred,2023-11-15T00:14:20+02:00,") == 0);
  CHECK(lines[2].find(",table,,2023-11-15T00:17:20+02:00,") != std::string::npos);  // no red flags from a table
}

TEST_CASE("The export gives the roster category on a row whose roster came after the check-in", "[app]") {
  test::Scene s;
  REQUIRE(s.checkin("8").ok());
  REQUIRE(s.checkin("9").ok());
  REQUIRE(s.run(cmd::LoadRoster{{{"8", "Ben", "Okafor", "10K"}}}).ok());
  auto const csv = sessions_csv(s.tent, plus_two);
  CHECK(row(csv, "8", "waiting")["category"] == "10K");
  CHECK(row(csv, "9", "waiting")["category"].empty());  // not on the roster: no category
}

TEST_CASE("The export prefixes a text that a spreadsheet would run as a formula", "[app]") {
  test::Scene s;
  REQUIRE(s.run(cmd::LoadRoster{{{"1", "=HYPERLINK(\"x\")", "+1", "-5K"}, {"2", "@SUM(A1)", "\tTab", "Kids"}}}).ok());
  REQUIRE(s.checkin("1").ok());
  s.later(1);
  REQUIRE(s.checkin("2").ok());
  auto const lines = lines_of(sessions_csv(s.tent, plus_two));
  INFO(lines.at(1) << "\n" << lines.at(2));
  CHECK(lines.at(1).find("1,\"'=HYPERLINK(\"\"x\"\")\",'+1,'-5K,waiting,") == 0);
  CHECK(lines.at(2).find("2,'@SUM(A1),'\tTab,Kids,waiting,") == 0);
}

TEST_CASE("The export gives a session's record in its last four columns, as safe CSV", "[app][records]") {
  test::Scene s;
  s.open_tables(2);
  REQUIRE(s.run(cmd::SetTherapist{1, "=Ana"}).ok());
  REQUIRE(s.run(cmd::SetTherapist{2, "Ben"}).ok());
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  REQUIRE(s.checkin("3").ok());
  s.later(60);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  REQUIRE(s.run(cmd::Arrive{2}).ok());
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  REQUIRE(s.run(cmd::Finish{2, Outcome::medical}).ok());
  REQUIRE(s.run(cmd::RecordSession{"1", {Area::calves, Area::feet}, SessionOutcome::cramp_eased, "=cmd|' /C calc'!A0"})
              .ok());
  REQUIRE(s.run(cmd::RecordSession{"2", {}, SessionOutcome::sent_to_medical, "ankle \"swollen\""}).ok());
  auto const csv = sessions_csv(s.tent, plus_two);
  auto const lines = lines_of(csv);
  CHECK(lines.at(0).find(",cleared_by,areas_worked,session_outcome,session_note,recorded_by") != std::string::npos);
  CHECK(csv.find(",calves feet,cramp_eased,'=cmd|' /C calc'!A0,'=Ana,,,\r\n") != std::string::npos);
  CHECK(csv.find(",,sent_to_medical,\"ankle \"\"swollen\"\"\",Ben,,,\r\n") !=
        std::string::npos);  // on the referral's row
  auto const waiting = row(csv, "3", "waiting");
  CHECK(waiting.at("areas_worked").empty());
  CHECK(waiting.at("session_outcome").empty());
  CHECK(waiting.at("recorded_by").empty());
}

TEST_CASE("The export keeps every visit of a runner who came back, each with its own record and answer",
          "[app][records][feedback]") {
  test::Scene s;
  s.settings([](Settings& x) {
    x.auto_assign = false;
    x.allow_repeats = true;
  });
  s.open_tables(1);
  REQUIRE(s.run(cmd::SetTherapist{1, "Ana"}).ok());
  auto serve = [&](Outcome outcome) {
    REQUIRE(s.checkin("7").ok());
    s.later(60);
    REQUIRE(s.run(cmd::Call{1, {}}).ok());
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    s.later(600);
    REQUIRE(s.run(cmd::Finish{1, outcome}).ok());
    s.later(3600);
    REQUIRE(s.run(cmd::Tick{}).ok());  // the changeover is over
  };
  REQUIRE(s.checkin("7").ok());  // gave up waiting
  s.later(60);
  REQUIRE(s.run(cmd::Leave{"7"}).ok());
  s.later(60);
  serve(Outcome::served);
  REQUIRE(s.run(cmd::RecordSession{"7", {Area::calves}, SessionOutcome::cramp_eased, ""}).ok());
  REQUIRE(s.run(cmd::GiveFeedback{"7", "key-7", 4, true}).ok());
  serve(Outcome::medical);  // a repeat, sent to medical from the table
  REQUIRE(s.run(cmd::RecordSession{"7", {}, SessionOutcome::sent_to_medical, "ankle"}).ok());
  REQUIRE(s.run(cmd::GiveFeedback{"7", "key-7", 2, false}).ok());
  REQUIRE(s.run(cmd::ClearReferral{"7", "medic"}).ok());
  REQUIRE(s.checkin("7").ok());  // and back in the line

  auto const csv = sessions_csv(s.tent, plus_two);
  REQUIRE(lines_of(csv).size() == 5);  // the header and four visits
  CHECK(row(csv, "7", "walked_out").at("started_at").empty());
  auto const done = row(csv, "7", "done");
  CHECK(done.at("session_outcome") == "cramp_eased");
  CHECK(done.at("feedback_legs") == "4");
  CHECK(done.at("feedback_come_back") == "yes");
  auto const referred = row(csv, "7", "referred");
  CHECK(referred.at("referred_from") == "table");
  CHECK(referred.at("session_outcome") == "sent_to_medical");
  CHECK(referred.at("feedback_legs") == "2");
  CHECK(referred.at("feedback_come_back") == "no");
  auto const waiting = row(csv, "7", "waiting");
  CHECK(waiting.at("session_outcome").empty());
  CHECK(waiting.at("feedback_legs").empty());
  // The statistics count both answers.
  CHECK(compute_stats(s.tent, s.now).feedback.all.count() == 2);
}
