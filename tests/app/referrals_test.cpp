// Medical referrals end to end over real sockets: the kiosk's 409, clearing, acknowledging on
// staff sockets, "sent to medical" from a table, the stats and the export, and a restart.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;
using verb = tent::net::http::verb;

namespace {

json checkin(std::string const& bib, bool red_flag = false) {
  return {
      {"bib", bib}, {"areas", {"calves"}}, {"triage", {{"chest_or_breathing", red_flag}, {"open_wound", red_flag}}}};
}

void load_roster(LiveTent& t) {
  auto csv = "bib,first_name,last_name,race\n7,Ana,Silva,Marathon\n8,Ben,Okafor,10K\n";
  REQUIRE(t.request(verb::post, "/api/roster", csv, organiser_pin, "text/csv").status == 200);
}

// A staff socket past its snapshot.
std::unique_ptr<WsClient> staff_socket(LiveTent& t, json* snapshot = nullptr) {
  auto ws = t.subscribe();
  REQUIRE(next_frame(*ws).at("audience") == "public");
  ws->write(R"({"id":"a","op":"auth","pin":"1111"})");
  auto staff = next_frame(*ws);
  REQUIRE(staff.at("audience") == "staff");
  if (snapshot) *snapshot = staff;
  return ws;
}

std::vector<std::string> lines_with(std::string const& text, std::string const& needle) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (line.find(needle) != std::string::npos) out.push_back(line);
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("A referred bib gets 409 referred at the kiosk until a volunteer clears the referral", "[net][app]") {
  LiveTent t;
  auto first = t.post("/api/checkins", checkin("500", true));
  REQUIRE(first.status == 201);
  CHECK(first.body.at("ticket").at("status") == "referred");
  t.advance(8 * 60);

  auto again = t.post("/api/checkins", checkin("500"));  // answering no this time
  CHECK(again.status == 409);
  CHECK(again.body.at("error").at("code") == "referred");
  CHECK(again.body.at("error").at("message").get<std::string>().find("volunteer") != std::string::npos);
  CHECK(again.body.at("ticket").at("status") == "referred");
  CHECK(t.get("/api/state").body.at("queue").empty());

  CHECK(t.post("/api/ops/clear_referral", {{"bib", "500"}}).status == 401);  // not the kiosk's to clear
  CHECK(t.post("/api/ops/clear_referral", {{"bib", "501"}}, volunteer_pin).status == 404);
  auto cleared = t.post("/api/ops/clear_referral", {{"bib", "500"}}, volunteer_pin);
  REQUIRE(cleared.status == 200);
  CHECK(t.post("/api/ops/clear_referral", {{"bib", "500"}}, volunteer_pin).body.at("error").at("code") ==
        "not_referred");
  auto queued = t.post("/api/checkins", checkin("500"));
  CHECK(queued.status == 201);
  CHECK(queued.body.at("ticket").at("status") == "waiting");
}

TEST_CASE("A volunteer may add a referred runner deliberately and the reply says they were referred", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", checkin("500", true)).status == 201);
  REQUIRE(t.post("/api/checkins", checkin("501")).status == 201);
  auto added = t.post("/api/runners", {{"bib", "500"}}, volunteer_pin);
  REQUIRE(added.status == 201);
  CHECK(added.body.at("was_referred") == true);
  CHECK(added.body.at("ticket").at("status") == "waiting");
  auto other = t.post("/api/runners", {{"bib", "502"}}, volunteer_pin);
  CHECK(other.body.at("was_referred") == false);
  CHECK(t.get("/api/state", volunteer_pin).body.at("referrals").empty());
}

TEST_CASE("Staff sockets see open referrals until acknowledged, the public never sees them", "[net][app]") {
  LiveTent t;
  load_roster(t);
  auto a = staff_socket(t);
  auto b = staff_socket(t);
  auto pub = t.subscribe();
  REQUIRE(next_frame(*pub).at("type") == "snapshot");

  REQUIRE(t.post("/api/checkins", checkin("7", true)).status == 201);
  for (auto* ws : {a.get(), b.get()}) {
    auto update = next_frame(*ws);
    REQUIRE(update.at("referrals").size() == 1);
    auto const& r = update.at("referrals").at(0);
    CHECK(r.at("bib") == "7");
    CHECK(r.at("name") == "Ana Silva");
    CHECK(r.at("from") == "kiosk");
    CHECK(r.at("red_flags") == json{"chest_or_breathing", "open_wound"});
    CHECK(r.at("at").is_number());
  }
  auto public_update = next_frame(*pub);
  auto const public_text = public_update.dump();
  CHECK_FALSE(public_update.contains("referrals"));
  CHECK(public_text.find("Ana") == std::string::npos);
  CHECK(public_text.find("chest_or_breathing") == std::string::npos);
  CHECK(t.get("/api/state").text.find("referrals") == std::string::npos);
  CHECK(t.get("/api/state", volunteer_pin).body.at("referrals").size() == 1);

  a->write(R"({"id":1,"op":"ack_referral","bib":"7"})");
  for (auto* ws : {a.get(), b.get()}) {
    auto update = next_frame(*ws);
    CHECK(update.at("events").at(0).at("type") == "referral_acknowledged");
    CHECK(update.at("events").at(0).at("by") == "volunteer");
    CHECK(update.at("referrals").empty());
  }
  auto ack_public = next_frame(*pub);
  CHECK_FALSE(ack_public.at("events").at(0).contains("by"));
  CHECK(json::parse(a->read()).at("status") == 200);
  CHECK(t.post("/api/checkins", checkin("7")).body.at("error").at("code") == "referred");  // acknowledged, not cleared
}

TEST_CASE("Sent to medical from a table refers the runner, and stats count table and kiosk apart", "[net][app]") {
  LiveTent t;
  load_roster(t);
  auto created = t.post("/api/tables", {{"name", "Table 1"}}, volunteer_pin);
  REQUIRE(created.status == 201);
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/checkins", checkin("8")).status == 201);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  t.advance(200);
  REQUIRE(t.post("/api/checkins", checkin("9", true)).status == 201);
  CHECK(t.post("/api/tables/1/finish", {{"outcome", "sideways"}}, volunteer_pin).status == 422);
  auto sent = t.post("/api/tables/1/finish", {{"outcome", "medical"}}, volunteer_pin);
  REQUIRE(sent.status == 200);
  CHECK(sent.body.at("table").at("state") == "changeover");
  CHECK(t.get("/api/tickets/8").body.at("ticket").at("status") == "referred");
  CHECK(t.post("/api/checkins", checkin("8")).body.at("error").at("code") == "referred");
  auto open = t.get("/api/state", volunteer_pin).body.at("referrals");
  REQUIRE(open.size() == 2);
  CHECK(open.at(1).at("from") == "table");
  CHECK(open.at(1).at("table") == 1);
  CHECK(open.at(1).at("red_flags").empty());

  auto counts = t.get("/api/stats", organiser_pin).body.at("counts");
  CHECK(counts.at("referrals") == 2);
  CHECK(counts.at("referrals_kiosk") == 1);
  CHECK(counts.at("referrals_table") == 1);
  CHECK(counts.at("served") == 0);
}

TEST_CASE("The export keeps every referral as its own row after the runner checks in again", "[net][app]") {
  LiveTent t;
  load_roster(t);
  REQUIRE(t.post("/api/checkins", checkin("7", true)).status == 201);
  t.advance(60);
  // The runner comes back: a volunteer queues them (medical said fine) and they wait again.
  REQUIRE(t.post("/api/runners", {{"bib", "7"}}, volunteer_pin).status == 201);

  auto csv = t.get("/api/export/sessions.csv", organiser_pin).text;
  auto header = csv.substr(0, csv.find("\r\n"));
  CHECK(
      header.find(",areas,referred_from,red_flags,referred_at,acknowledged_at,acknowledged_by,cleared_at,cleared_by") !=
      std::string::npos);
  auto rows = lines_with(csv, "7,Ana,Silva");
  REQUIRE(rows.size() == 2);
  CHECK(rows.at(0).find("7,Ana,Silva,Marathon,referred,") == 0);
  CHECK(rows.at(0).find(",kiosk,chest_or_breathing open_wound,") != std::string::npos);
  CHECK(rows.at(0).find(",add_runner") != std::string::npos);
  CHECK(rows.at(1).find("7,Ana,Silva,Marathon,waiting,") == 0);

  SECTION("also when a volunteer clears the referral and the runner checks in at the kiosk") {
    REQUIRE(t.post("/api/checkins", checkin("8", true)).status == 201);
    REQUIRE(t.post("/api/ops/clear_referral", {{"bib", "8"}}, volunteer_pin).status == 200);
    REQUIRE(t.post("/api/checkins", checkin("8")).status == 201);
    auto rows8 = lines_with(t.get("/api/export/sessions.csv", organiser_pin).text, "8,Ben,Okafor");
    INFO(rows8.at(0) << "\n" << rows8.at(1));
    REQUIRE(rows8.size() == 2);
    CHECK(rows8.at(0).find("8,Ben,Okafor,10K,referred,") == 0);
    CHECK(rows8.at(0).find(",volunteer") != std::string::npos);  // who cleared it
    CHECK(rows8.at(1).find("8,Ben,Okafor,10K,waiting,") == 0);
  }
}

TEST_CASE("Referrals survive a restart: the bib stays refused and the alert stays open", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", checkin("44", true)).status == 201);
  REQUIRE(t.post("/api/checkins", checkin("45", true)).status == 201);
  REQUIRE(t.post("/api/ops/ack_referral", {{"bib", "45"}}, volunteer_pin).status == 200);
  auto const before = t.get("/api/state", volunteer_pin).body.at("referrals");
  t.restart();
  CHECK(t.get("/api/state", volunteer_pin).body.at("referrals") == before);
  CHECK(before.size() == 1);
  CHECK(t.post("/api/checkins", checkin("44")).body.at("error").at("code") == "referred");
  CHECK(t.post("/api/checkins", checkin("45")).body.at("error").at("code") == "referred");
}
