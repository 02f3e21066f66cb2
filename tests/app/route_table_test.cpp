// The REST route table: matching (Boost.URL paths and queries), its agreement with the route table
// in docs/protocol.md, and every route walked over a real socket against the role policy.

#include "app/route_table.hpp"

#include "app/policy.hpp"
#include "live_tent.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

using namespace tent;
using namespace tent::app::test;
using app::Answer;
using app::RouteMatch;
using verb = tent::net::http::verb;
using MatchOutcome = RouteMatch::Outcome;

namespace {

// The role a route needs, as the docs write it: "anyone" for the public, "the op's" for the route
// that runs any op by name.
std::string doc_role(app::Route const& r) {
  if (r.answer == Answer::op && r.action.empty()) return "the op's";
  auto const kind = r.answer == Answer::op ? app::Permission::Kind::op : app::Permission::Kind::answer;
  auto const least = app::least_role(kind, r.action);
  REQUIRE(least);
  return *least == auth::Role::display ? "anyone" : std::string(auth::to_string(*least));
}

// The text between the first two backticks of a table cell ("" when there are none).
std::string code_in(std::string const& cell) {
  auto const a = cell.find('`');
  if (a == std::string::npos) return {};
  auto const b = cell.find('`', a + 1);
  return b == std::string::npos ? std::string{} : cell.substr(a + 1, b - a - 1);
}

std::vector<std::string> cells(std::string const& row) {
  std::vector<std::string> out;
  std::stringstream in(row);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar
  while (std::getline(in, cell, '|')) {
    auto const first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? std::string{} : cell.substr(first, last - first + 1));
  }
  return out;
}

// A concrete target for a pattern.
std::string target_of(std::string_view pattern) {
  std::string out(pattern);
  for (auto [name, value] : {std::pair{"{bib}", "12"}, {"{table}", "1"}, {"{page}", "kiosk"}, {"{op}", "settings"}})
    if (auto at = out.find(name); at != std::string::npos) out.replace(at, std::string_view(name).size(), value);
  return out;
}

}  // namespace

TEST_CASE("Every route is in docs/protocol.md's route table with its role, and every row there is a route", "[app]") {
  std::ifstream doc(TENT_PROTOCOL_DOC);
  REQUIRE(doc);
  using Row = std::tuple<std::string, std::string, std::string>;  // method, path, role
  std::set<Row> documented, routed;
  std::string line;
  bool in_section = false;
  while (std::getline(doc, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## REST routes";
    if (!in_section || line.rfind("| `", 0) != 0) continue;
    auto const c = cells(line);
    REQUIRE(c.size() >= 3);
    INFO(line);
    CHECK(documented.insert({code_in(c[0]), code_in(c[1]), c[2]}).second);
  }
  for (auto const& r : app::routes()) {
    auto const method = boost::beast::http::to_string(r.method);
    routed.insert({std::string(method.data(), method.size()), std::string(r.pattern), doc_role(r)});
  }
  CHECK(documented.size() > 20);
  CHECK(documented == routed);
}

TEST_CASE("Every route's action is in the policy, and no two routes share a method and path", "[app]") {
  std::set<std::pair<verb, std::string_view>> seen;
  for (auto const& r : app::routes()) {
    INFO(r.pattern);
    CHECK(seen.insert({r.method, r.pattern}).second);
    if (r.answer == Answer::op && r.action.empty()) continue;  // /api/ops/{op}: the op named in the path
    auto const kind = r.answer == Answer::op ? app::Permission::Kind::op : app::Permission::Kind::answer;
    CHECK(app::least_role(kind, r.action));
    CHECK((r.body == app::Body::none) == (r.method == verb::get));
  }
}

TEST_CASE("A target is matched on its percent-decoded path segments, the query does not take part", "[app]") {
  auto m = app::match_route(verb::get, "/api/tickets/%31%32?lang=fr");
  REQUIRE(m.outcome == MatchOutcome::found);
  CHECK(m.route->answer == Answer::ticket);
  CHECK(m.capture("bib") == "12");
  CHECK(m.query("lang") == "fr");
  CHECK_FALSE(m.query("dry_run"));

  m = app::match_route(verb::post, "/api/tables/7/finish");
  REQUIRE(m.outcome == MatchOutcome::found);
  CHECK(m.route->action == "finish");
  CHECK(m.capture("table") == "7");

  m = app::match_route(verb::post, "/api/roster?x=1&dry_run=1");
  REQUIRE(m.outcome == MatchOutcome::found);
  CHECK(m.query("dry_run") == "1");
  CHECK(app::match_route(verb::post, "/api/roster?not_dry_run=1").query("dry_run") == std::nullopt);

  CHECK(app::match_route(verb::post, "/api/ops/undo").capture("op") == "undo");
  CHECK(app::match_route(verb::get, "/").route->answer == Answer::home);
  CHECK(app::match_route(verb::get, "/healthz?probe=1").route->answer == Answer::health);
}

TEST_CASE("A path no route has is not found, a route's path with another method is 405 with its methods", "[app]") {
  auto [target, method, outcome, allowed] = GENERATE(table<std::string, verb, MatchOutcome, std::string>({
      {"/api/nowhere", verb::get, MatchOutcome::not_found, ""},
      {"/api/tables/abc/open", verb::post, MatchOutcome::not_found, ""},  // a table is a number
      {"/api/tables/1/explode", verb::post, MatchOutcome::not_found, ""},
      {"/api/state/", verb::get, MatchOutcome::not_found, ""},  // a trailing slash is another path
      {"/api/checkins", verb::get, MatchOutcome::wrong_method, "POST"},
      {"/api/settings", verb::delete_, MatchOutcome::wrong_method, "GET, HEAD, POST, PUT"},
      {"/api/state", verb::post, MatchOutcome::wrong_method, "GET, HEAD"},
      {"/api/checkins", verb::head, MatchOutcome::wrong_method, "POST"},
      {"/api/tickets/%zz", verb::get, MatchOutcome::bad_target, ""},
      {"/api/state?a b", verb::get, MatchOutcome::bad_target, ""},
  }));
  CAPTURE(target);
  auto const m = app::match_route(method, target);
  CHECK(m.outcome == outcome);
  CHECK(m.route == nullptr);
  CHECK(m.allowed == allowed);
}

TEST_CASE("Over REST, every route refuses a caller below its role, as the policy says", "[net][app]") {
  LiveTent t;
  for (auto const& r : app::routes()) {
    if (r.answer == Answer::op && r.action.empty()) continue;  // the op's own role: the policy test walks the ops
    auto const kind = r.answer == Answer::op ? app::Permission::Kind::op : app::Permission::Kind::answer;
    auto const least = *app::least_role(kind, r.action);
    for (auto [role, pin] :
         {std::pair{auth::Role::kiosk, static_cast<char const*>(nullptr)}, {auth::Role::volunteer, volunteer_pin}}) {
      auto const refused = app::refusal(role, least);
      if (!refused) continue;
      INFO(tent::net::http::to_string(r.method) << " " << r.pattern << " as " << auth::to_string(role));
      // A body the route would refuse if it read it: the role is checked first.
      auto const reply = t.request(r.method, target_of(r.pattern), "{not json", pin);
      CHECK(reply.status == refused->status);
      CHECK(reply.body.at("error").at("code") == refused->code);
    }
  }
}

TEST_CASE("Over REST, a wrong method is 405 with an Allow header, and an unknown path 404", "[net][app]") {
  LiveTent t;
  auto r = t.get("/api/checkins");
  CHECK(r.status == 405);
  CHECK(r.body.at("error").at("code") == "method_not_allowed");
  CHECK(r.raw[tent::net::http::field::allow] == "POST");
  r = t.request(verb::delete_, "/api/settings", "", organiser_pin);
  CHECK(r.status == 405);
  CHECK(r.raw[tent::net::http::field::allow] == "GET, HEAD, POST, PUT");
  r = t.get("/api/nowhere");
  CHECK(r.status == 404);
  CHECK(r.body.at("error").at("code") == "not_found");
  r = t.post("/", json::object());
  CHECK(r.status == 405);
  CHECK(t.get("/healthz?probe=1").status == 200);
}

TEST_CASE("HEAD answers every GET route with the GET's status and headers and no body", "[net][app]") {
  LiveTent t;
  auto const get = t.get("/healthz");
  auto const head = t.request(verb::head, "/healthz");
  CHECK(head.status == 200);
  CHECK(head.text.empty());
  CHECK(head.raw[tent::net::http::field::content_length] == get.raw[tent::net::http::field::content_length]);
  CHECK(t.request(verb::head, "/").status == t.get("/").status);
  CHECK(t.request(verb::head, "/api/state", {}, volunteer_pin).status == 200);
  CHECK(t.request(verb::head, "/api/stats").status == 401);  // the GET's rules, not a way round them
  auto const post_only = t.request(verb::head, "/api/checkins");
  CHECK(post_only.status == 405);
  CHECK(post_only.raw[tent::net::http::field::allow] == "POST");
}

TEST_CASE("Over REST, a bib in the path is percent-decoded", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", {{"bib", "12A"}}).status == 201);
  auto const r = t.get("/api/tickets/%31%32a");
  CHECK(r.status == 200);
  CHECK(r.body.at("ticket").at("bib") == "12A");
  CHECK(t.post("/api/tickets/%31%32A/leave").status == 200);
}

TEST_CASE("Only ?dry_run=1 previews a CSV roster, another parameter of a like name loads it", "[net][app]") {
  LiveTent t;
  auto const csv = "bib,first_name\n7,Ana\n";
  auto r = t.request(verb::post, "/api/roster?preview=no&dry_run=1", csv, organiser_pin, "text/csv");
  REQUIRE(r.status == 200);
  CHECK(r.body.at("dry_run") == true);
  CHECK(t.get("/api/state", volunteer_pin).body.at("roster_size") == 0);
  r = t.request(verb::post, "/api/roster?not_dry_run=1", csv, organiser_pin, "text/csv");
  REQUIRE(r.status == 200);
  CHECK_FALSE(r.body.contains("dry_run"));
  CHECK(t.get("/api/state", volunteer_pin).body.at("roster_size") == 1);
}
