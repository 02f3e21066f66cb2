// The offline commands through the real executable: import-roster, export (also while the server
// runs) and reset-pin, with their exit codes and messages.

#include "../log/lines.hpp"
#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "live_tent.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <signal.h>
#include <string>
#include <vector>

using namespace tent::app::test;
using tent::net::http::verb;
namespace fs = std::filesystem;

namespace {

Child run(std::vector<std::string> args, std::string const& log) {
  auto child = spawn(std::move(args), log);
  REQUIRE(child.exited);
  return child;
}

std::vector<std::string> file_lines(std::string const& path) {
  std::ifstream in(path);
  return tent::test::lines_of(in);
}

// A server on a new database, dir's tent.db.
Child serve_new(tent::store::test::TempDir const& dir) {
  fs::create_directories(dir.path());
  auto server = spawn(serve_args(dir.file("tent.db")), dir.file("serve.log"));
  REQUIRE(server.port != 0);
  return server;
}

// The JSON object a command printed among its other lines.
nlohmann::json json_in(std::string const& output) {
  auto const from = output.find('{');
  REQUIRE(from != std::string::npos);
  return nlohmann::json::parse(output.substr(from, output.rfind('}') - from + 1));
}

}  // namespace

TEST_CASE("import-roster loads a CSV as the web upload does, reporting the rows it could not use", "[app][cli]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto const csv = dir.file("runners.csv");
  std::ofstream(csv) << "Bib;First name;Surname;Race\n101;Ann;Lee;10K\n102;Bo;Ek;Marathon\n101;Dup;Licate;5K\n";

  auto dry = run({"import-roster", csv, "--dry-run", "--db", db}, dir.file("dry.log"));
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.output, Catch::Contains("2 runners would load") && Catch::Contains("1 rows rejected"));
  CHECK_THAT(dry.output, Catch::Contains(csv + ":4: duplicate bib 101 (first on line 2)"));
  CHECK_FALSE(fs::exists(db));  // a dry run does not even create the database

  auto loaded = run({"import-roster", csv, "--db", db}, dir.file("import.log"));
  CHECK(loaded.exit_code == 0);
  CHECK_THAT(loaded.output, Catch::Contains("2 runners loaded from " + csv));

  auto server = spawn(serve_args(db), dir.file("serve.log"));
  REQUIRE(server.port != 0);
  auto const kiosk_checkin = [&](std::string const& bib) {  // the kiosk's check-in, which the roster binds
    return tent::net::test::http_request(
        server.port, tent::net::test::make_request(verb::post, "/api/checkins", R"({"bib":")" + bib + R"("})"));
  };
  REQUIRE(request(server.port, verb::post, "/api/settings", "222222", R"({"roster_required":true})").result_int() ==
          200);
  CHECK(kiosk_checkin("102").result_int() == 201);
  auto const refused = kiosk_checkin("999");
  CHECK(refused.result_int() == 422);
  CHECK_THAT(refused.body(), Catch::Contains("not_on_roster"));

  auto busy = run({"import-roster", csv, "--db", db}, dir.file("busy.log"));
  CHECK(busy.exit_code == 1);
  CHECK_THAT(busy.output, Catch::Contains("another massage-tent is using " + db));
  CHECK(stop(server) == 0);

  auto missing = run({"import-roster", dir.file("nowhere.csv"), "--db", db}, dir.file("missing.log"));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains("cannot read " + dir.file("nowhere.csv")));
  std::ofstream(dir.file("empty.csv")) << "name\nAnn\n";
  auto useless = run({"import-roster", dir.file("empty.csv"), "--db", db}, dir.file("useless.log"));
  CHECK(useless.exit_code == 1);
  CHECK_THAT(useless.output, Catch::Contains("the roster is unchanged"));
  CHECK(run({"import-roster", "--db", db}, dir.file("usage.log")).exit_code == 2);
}

TEST_CASE("import-roster --columns reads a timing company's own header, and one it lacks stops the import",
          "[app][cli]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto const csv = dir.file("zeitmessung.csv");
  std::ofstream(csv)
      << "Startnummer;Vorname;Nachname;Wertung\n4711;Jana;Novak;W35\n4712;Olaf;Berg;M40\nx!;Ute;Lind;W50\n";

  auto missing =
      run({"import-roster", csv, "--columns", "bib=Startnr,first_name=Vorname", "--db", db}, dir.file("missing.log"));
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains(csv + ":1: the header row has no column 'Startnr' (for bib); its 4 "
                                                   "columns are: 'Startnummer', 'Vorname', 'Nachname', 'Wertung'"));
  CHECK_THAT(missing.output, Catch::Contains("the roster is unchanged"));
  CHECK_FALSE(fs::exists(db));  // refused before the database was even opened

  auto const columns = "bib=Startnummer,first_name=Vorname,last_name=Nachname,category=Wertung";
  auto dry = run({"import-roster", csv, "--columns", columns, "--dry-run", "--db", db}, dir.file("dry.log"));
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.output, Catch::Contains("2 runners would load") && Catch::Contains(csv + ":4: bad bib 'x!'"));
  CHECK_FALSE(fs::exists(db));

  auto loaded = run({"import-roster", csv, "--columns", columns, "--db", db}, dir.file("import.log"));
  CHECK(loaded.exit_code == 0);
  CHECK_THAT(loaded.output, Catch::Contains("2 runners loaded from " + csv));
  auto server = spawn(serve_args(db), dir.file("serve.log"));
  REQUIRE(server.port != 0);
  int status = 0;
  post(server.port, "/api/checkins", R"({"bib":"4711"})", status);
  CHECK(status == 201);
  auto const state = nlohmann::json::parse(request(server.port, verb::get, "/api/state", "1111").body());
  CHECK(state.at("roster_size") == 2);
  CHECK(state.dump().find("Jana Novak") != std::string::npos);
  auto const exported = request(server.port, verb::get, "/api/export/sessions.csv", "222222").body();
  CHECK_THAT(exported, Catch::Contains("4711,Jana,Novak,W35,waiting"));
  CHECK(stop(server) == 0);

  auto bad = run({"import-roster", csv, "--columns", "colour=Farbe", "--db", db}, dir.file("bad.log"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--columns: unknown field 'colour'"));
}

TEST_CASE("export writes the sessions CSV and the summary while the server keeps running", "[app][cli]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  auto server = serve_new(dir);
  int status = 0;
  for (auto const* bib : {"11", "12", "13"}) {
    post(server.port, "/api/checkins", std::string(R"({"bib":")") + bib + R"("})", status);
    REQUIRE(status == 201);
  }
  auto const csv = dir.file("sessions.csv");
  auto exported = run({"export", "--db", db, "--sessions", csv, "--summary", "-"}, dir.file("export.log"));
  CHECK(exported.exit_code == 0);
  auto const lines = file_lines(csv);
  REQUIRE(lines.size() == 4);  // the header and three runners
  CHECK_THAT(lines[1], Catch::StartsWith("11,"));
  auto const summary = json_in(exported.output);
  CHECK(summary["counts"]["checked_in"] == 3);
  CHECK(summary["counts"]["waiting"] == 3);
  CHECK_THAT(exported.output, Catch::Contains("wrote " + csv));
  // The server went on undisturbed.
  post(server.port, "/api/checkins", R"({"bib":"14"})", status);
  CHECK(status == 201);
  CHECK(stop(server) == 0);
  CHECK(run({"export", "--db", db}, dir.file("usage.log")).exit_code == 2);
}

TEST_CASE("reset-pin sets a PIN from a file or a new one, printed once, the old one stops working", "[app][cli]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  {
    auto first = spawn(serve_args(db), dir.file("first.log"));
    REQUIRE(first.port != 0);
    CHECK(stop(first) == 0);
  }
  auto const pin_file = dir.file("organiser.pin");
  std::ofstream(pin_file) << "735102\n";
  auto from_file = run({"reset-pin", "organiser", "--pin-file", pin_file, "--db", db}, dir.file("reset1.log"));
  CHECK(from_file.exit_code == 0);
  CHECK_THAT(from_file.output, Catch::Contains("organiser PIN of " + db + " is now the one in " + pin_file));
  auto generated = run({"reset-pin", "volunteer", "--db", db}, dir.file("reset2.log"));
  CHECK(generated.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(generated.output, m, std::regex("NEW volunteer PIN: (\\d+)")));
  auto const new_volunteer_pin = m[1].str();

  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db}, dir.file("serve.log"));
  REQUIRE(server.port != 0);
  CHECK(request(server.port, verb::get, "/api/stats", "735102").result_int() == 200);
  CHECK(request(server.port, verb::get, "/api/stats", "222222").result_int() == 401);
  CHECK(request(server.port, verb::post, "/api/ops/table_create", new_volunteer_pin, R"({"name":"T1"})").result_int() ==
        201);
  CHECK(request(server.port, verb::post, "/api/ops/table_create", "1111", R"({"name":"T2"})").result_int() == 401);
  CHECK(stop(server) == 0);

  std::ofstream(pin_file, std::ios::trunc) << "1234\n";
  auto too_short = run({"reset-pin", "organiser", "--pin-file", pin_file, "--db", db}, dir.file("short.log"));
  CHECK(too_short.exit_code == 2);
  CHECK_THAT(too_short.output, Catch::Contains("must be 6 to 12 digits"));
  CHECK(run({"reset-pin", "kiosk", "--db", db}, dir.file("role.log")).exit_code == 2);
}

TEST_CASE("op and import-roster act on the tent --tent names, and export covers every tent", "[app][cli][tents]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("tent.db");
  auto made = run({"op", "tent_create", R"({"id":"family","name":"Family area"})", "--db", db}, dir.file("make.log"));
  CHECK(made.exit_code == 0);
  CHECK_THAT(made.output, Catch::Contains(R"("path": "/t/family/")"));
  auto const csv = dir.file("runners.csv");
  std::ofstream(csv) << "bib,first name,last name\n21,Ann,Lee\n";
  CHECK(run({"import-roster", csv, "--tent", "family", "--db", db}, dir.file("import.log")).exit_code == 0);
  CHECK(run({"op", "checkin", R"({"bib":"21"})", "--tent", "family", "--db", db}, dir.file("in.log")).exit_code == 0);
  auto elsewhere = run({"op", "checkin", R"({"bib":"21"})", "--db", db}, dir.file("elsewhere.log"));
  CHECK(elsewhere.exit_code == 1);
  CHECK_THAT(elsewhere.output, Catch::Contains("waiting_elsewhere"));
  auto unknown = run({"op", "checkin", R"({"bib":"22"})", "--tent", "nope", "--db", db}, dir.file("unknown.log"));
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.output, Catch::Contains("unknown_tent"));
  auto bad = run({"op", "checkin", R"({"bib":"22"})", "--tent", "No Such", "--db", db}, dir.file("bad.log"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--tent must be a tent id"));

  auto const sessions = dir.file("sessions.csv");
  auto exported = run({"export", "--db", db, "--sessions", sessions, "--summary", "-"}, dir.file("export.log"));
  CHECK(exported.exit_code == 0);
  auto const lines = file_lines(sessions);
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::StartsWith("tent,bib,"));
  CHECK_THAT(lines[1], Catch::StartsWith("Family area,21,Ann,Lee,"));
  auto const summary = json_in(exported.output);
  REQUIRE(summary["tents"].size() == 2);
  CHECK(summary["tents"][1]["id"] == "family");
  CHECK(summary["tents"][1]["stats"]["counts"]["waiting"] == 1);
}

TEST_CASE("simulate prints a day of the tent as JSON, from flags or a plan file, the same for the same seed",
          "[app][cli][plan]") {
  tent::store::test::TempDir dir;
  fs::create_directories(dir.path());
  std::vector<std::string> const steady = {
      "simulate", "--arrivals-per-hour", "40",          "--tables", "5", "--hours", "3", "--session-mean-s",
      "600",      "--session-dist",      "exponential", "--seed",   "7"};
  auto const first = run(steady, dir.file("a.log"));
  REQUIRE(first.exit_code == 0);
  auto day = json_in(first.output);
  CHECK(day["served"] == day["arrivals"]);
  CHECK(day["arrivals"].get<int>() > 80);
  for (auto const* key : {"mean_s", "p50_s", "p90_s", "max_s"}) CHECK(day["wait"].contains(key));
  auto again = json_in(run(steady, dir.file("b.log")).output);
  again["elapsed_ms"] = day["elapsed_ms"];
  CHECK(again == day);

  auto const plan = dir.file("plan.json");
  std::ofstream(plan) << R"({"finishers": {"count": 3000, "start": "9:00", "median_min": 240, "p90_min": 300},
                             "take_up": 0.1, "delay_min": 10, "goal": {"p90_wait_min": 15, "max_tables": 30}})";
  auto const planned = run({"simulate", plan}, dir.file("plan.log"));
  REQUIRE(planned.exit_code == 0);
  auto const answer = json_in(planned.output);
  CHECK(answer["staffing"]["met"] == true);
  CHECK(answer["wait"]["p90_s"].get<int>() <= 15 * 60);
  // A flag sets its field of the plan.
  auto const fewer = json_in(run({"simulate", plan, "--seed", "2"}, dir.file("seed.log")).output);
  CHECK(fewer["arrivals"] != answer["arrivals"]);

  std::ofstream(plan)
      << R"({"finishers": {"count": 3000, "start": "9:00", "median_min": 240, "p90_min": 300}, "tables": 4,
                             "take_up": 10})";
  auto const refused = run({"simulate", plan}, dir.file("refused.log"));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.output, Catch::Contains("invalid_field") && Catch::Contains("take_up"));
  CHECK(run({"simulate", "--tables", "3"}, dir.file("usage.log")).exit_code == 2);
  CHECK(run({"simulate", "--session-dist", "gamma", "--tables", "3"}, dir.file("dist.log")).exit_code == 2);
}

TEST_CASE("simulate --replay reads a running server's recorded day and shows what happened beside it",
          "[app][cli][plan]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  auto server = serve_new(dir);
  int status = 0;
  post(server.port, "/api/tables", R"({"name":"Table 1"})", status);
  REQUIRE(status == 201);
  post(server.port, "/api/tables/1/open", "{}", status);
  for (auto const* bib : {"21", "22", "23"}) {
    post(server.port, "/api/checkins", std::string(R"({"bib":")") + bib + R"("})", status);
    REQUIRE(status == 201);
  }
  auto const replayed = run({"simulate", "--replay", db, "--tables", "2"}, dir.file("replay.log"));
  CHECK(stop(server) == 0);
  auto const plan = dir.file("what-if.json");
  std::ofstream(plan) << R"({"arrivals": "recorded", "session": {"dist": "fixed", "mean_min": 8}})";
  CHECK(replayed.exit_code == 2);  // no plan file: the flags alone make no arrivals
  auto const what_if = run({"simulate", plan, "--replay", db, "--tables", "2"}, dir.file("what-if.log"));
  REQUIRE(what_if.exit_code == 0);
  auto const answer = json_in(what_if.output);
  CHECK(answer["arrivals"] == 3);
  CHECK(answer["served"] == 3);
  CHECK(answer["actual"]["arrivals"] == 3);
  CHECK(answer["actual"]["served"] == 0);  // nobody reached a table that day
  CHECK(answer["recorded_tables"][0]["tables"] == 0);
}
