// The server end to end over real sockets: REST, WebSocket frames, auth, restarts.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;
using verb = tent::net::http::verb;

namespace {

void setup_table(LiveTent& t, std::string const& name = "Table 1") {
  auto created = t.post("/api/tables", {{"name", name}}, volunteer_pin);
  REQUIRE(created.status == 201);
  auto id = created.body.at("table").at("id").get<int>();
  REQUIRE(t.post("/api/tables/" + std::to_string(id) + "/open", json::object(), volunteer_pin).status == 200);
}

json checkin(std::string const& bib, std::string const& request_id = {}) {
  json j = {{"bib", bib}, {"areas", {"calves", "quads"}}, {"triage", {{"chest_or_breathing", false}}}};
  if (!request_id.empty()) j["request_id"] = request_id;
  return j;
}

}  // namespace

TEST_CASE("The health check answers ok", "[net][app]") {
  LiveTent t;
  auto r = t.get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.body == json{{"status", "ok"}});
}

TEST_CASE("A check-in reaches two WebSocket subscribers in consecutive frames", "[net][app]") {
  LiveTent t;
  auto a = t.subscribe();
  auto b = t.subscribe();
  auto snap_a = next_frame(*a), snap_b = next_frame(*b);
  REQUIRE(snap_a.at("type") == "snapshot");
  auto const seq = snap_a.at("seq").get<std::int64_t>();
  CHECK(snap_b.at("seq") == seq);

  auto r = t.post("/api/checkins", checkin("1234"));
  REQUIRE(r.status == 201);
  CHECK(r.body.at("ticket").at("bib") == "1234");
  CHECK(r.body.at("ticket").at("position") == 1);
  REQUIRE(t.post("/api/checkins", checkin("  77a ")).status == 201);

  for (auto* ws : {a.get(), b.get()}) {
    auto first = next_frame(*ws);
    CHECK(first.at("type") == "update");
    CHECK(first.at("seq") == seq + 1);
    CHECK(first.dump().find("\"bib\":\"1234\"") != std::string::npos);
    auto second = next_frame(*ws);
    CHECK(second.at("seq") == seq + 2);
    CHECK(second.dump().find("\"bib\":\"77A\"") != std::string::npos);
  }
}

TEST_CASE("A retried check-in with the same request id returns the same ticket and no new frame", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  auto const seq = next_frame(*ws).at("seq").get<std::int64_t>();
  auto first = t.post("/api/checkins", checkin("500", "kiosk1-0001"));
  auto retry = t.post("/api/checkins", checkin("500", "kiosk1-0001"));
  REQUIRE(first.status == 201);
  CHECK(retry.status == 201);
  CHECK(retry.body.at("ticket") == first.body.at("ticket"));
  CHECK(retry.body.at("replayed") == true);
  REQUIRE(t.post("/api/checkins", checkin("501")).status == 201);
  CHECK(next_frame(*ws).at("seq") == seq + 1);
  CHECK(next_frame(*ws).at("seq") == seq + 2);  // the retry made no frame of its own
  CHECK(t.get("/api/state").body.at("queue").size() == 2);
}

TEST_CASE("A request id reused for another bib gets 409 request_id_conflict and changes nothing", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", checkin("500", "kiosk1-0001")).status == 201);
  auto const seq = t.seq();
  auto other = t.post("/api/checkins", checkin("600", "kiosk1-0001"));
  CHECK(other.status == 409);
  CHECK(other.body.at("error").at("code") == "request_id_conflict");
  CHECK_FALSE(other.body.contains("ticket"));  // not the other runner's ticket
  CHECK(t.seq() == seq);
  CHECK(t.get("/api/tickets/600").status == 404);
  SECTION("with a fresh id the runner checks in") {
    CHECK(t.post("/api/checkins", checkin("600", "kiosk1-0002")).status == 201);
  }
}

TEST_CASE("A bib already in line gets 409 with its ticket", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", checkin("9")).status == 201);
  auto again = t.post("/api/checkins", checkin("9"));
  CHECK(again.status == 409);
  CHECK(again.body.at("error").at("code") == "already_queued");
  CHECK(again.body.at("ticket").at("position") == 1);
}

TEST_CASE("A red-flag answer is recorded as a referral and not queued", "[net][app]") {
  LiveTent t;
  auto r = t.post("/api/checkins", {{"bib", "31"}, {"triage", {{"suspected_injury", true}}}});
  REQUIRE(r.status == 201);
  CHECK(r.body.at("ticket").at("status") == "referred");
  CHECK(t.get("/api/state").body.at("queue").empty());
  CHECK(t.get("/api/tickets/31").body.at("ticket").at("status") == "referred");
}

TEST_CASE("Commands without the right PIN get 401 or 403 and change nothing", "[net][app]") {
  LiveTent t;
  auto const seq = t.seq();
  auto anonymous = t.post("/api/tables", {{"name", "T"}});
  CHECK(anonymous.status == 401);
  CHECK(anonymous.body.at("error").at("code") == "unauthorized");
  auto wrong = t.post("/api/tables", {{"name", "T"}}, "999999");
  CHECK(wrong.status == 401);
  CHECK(wrong.body.at("error").at("code") == "bad_pin");
  auto volunteer = t.post("/api/settings", {{"session_target_s", 300}}, volunteer_pin);
  CHECK(volunteer.status == 403);
  CHECK(t.get("/api/stats", volunteer_pin).status == 403);
  CHECK(t.get("/api/stats").status == 401);
  CHECK(t.get("/api/stats", organiser_pin).status == 200);
  CHECK(t.seq() == seq);

  SECTION("repeated wrong PINs are throttled") {
    for (int i = 0; i < 5; ++i) CHECK(t.post("/api/tables", {{"name", "T"}}, "000000").status == 401);
    auto locked = t.post("/api/tables", {{"name", "T"}}, volunteer_pin);  // even the right PIN, now
    CHECK(locked.status == 429);
    CHECK(locked.body.at("error").at("code") == "too_many_attempts");
    CHECK(locked.raw[tent::net::http::field::retry_after] == "30");
    CHECK(t.seq() == seq);
    t.advance(30);
    CHECK(t.post("/api/tables", {{"name", "T"}}, volunteer_pin).status == 201);
  }
}

TEST_CASE("Bad input gets a JSON error and changes nothing", "[net][app]") {
  LiveTent t;
  auto const seq = t.seq();
  struct Case {
    std::string target, body;
    int status;
    std::string code;
  };
  auto c = GENERATE(values<Case>({
      {"/api/checkins", "{bad json", 400, "bad_json"},
      {"/api/checkins", "[1,2]", 400, "bad_json"},
      {"/api/checkins", R"({"bib":1234})", 422, "invalid_field"},
      {"/api/checkins", R"({"bib":"123456789"})", 422, "invalid_bib"},
      {"/api/checkins", R"({"bib":"12","areas":["elbows"]})", 422, "invalid_field"},
      {"/api/checkins", R"({"bib":"12","triage":{"chest_or_breathing":"no"}})", 422, "invalid_field"},
      {"/api/checkins", R"({})", 422, "missing_field"},
      {"/api/nowhere", "{}", 404, "not_found"},
      {"/api/ops/explode", "{}", 400, "unknown_op"},
  }));
  auto r = t.request(verb::post, c.target, c.body);
  INFO(c.target << " " << c.body << " -> " << r.text);
  CHECK(r.status == c.status);
  CHECK(r.body.at("error").at("code") == c.code);
  CHECK_FALSE(r.body.at("error").at("message").get<std::string>().empty());
  CHECK(t.seq() == seq);
}

TEST_CASE("An oversized body is refused and the server keeps serving", "[net][app]") {
  LiveTent t;
  auto r = t.request(verb::post, "/api/checkins", std::string(2 * 1024 * 1024, 'x'));
  CHECK(r.status == 413);
  CHECK(t.get("/healthz").status == 200);
}

TEST_CASE("Restarting on the same database rebuilds the identical state", "[net][app]") {
  LiveTent t;
  setup_table(t);
  setup_table(t, "Table 2");
  for (auto bib : {"1", "2", "3", "4", "5"}) REQUIRE(t.post("/api/checkins", checkin(bib)).status == 201);
  t.advance(40);
  REQUIRE(t.post("/api/tables/1/arrived", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/queue/5/priority", json::object(), volunteer_pin).status == 200);
  t.advance(500);
  REQUIRE(t.post("/api/tables/1/finish", json::object(), volunteer_pin).status == 200);
  REQUIRE(t.post("/api/announcement", {{"text", "Water at the back"}, {"translations", {{"de", "Wasser hinten"}}}},
                 organiser_pin)
              .status == 200);
  auto before = t.get("/api/state", volunteer_pin).body;
  auto stats_before = t.get("/api/stats", organiser_pin).body;
  t.restart();
  CHECK(t.get("/api/state", volunteer_pin).body == before);
  CHECK(t.get("/api/stats", organiser_pin).body == stats_before);
  CHECK(before.at("announcement") == "Water at the back");
  CHECK(before.at("announcement_translations") == json{{"de", "Wasser hinten"}});
  CHECK(before.at("queue").at(0).at("bib") == "5");
}

TEST_CASE("An announcement's texts per language reach the public state and the runner's ticket", "[net][app]") {
  LiveTent t;
  REQUIRE(t.post("/api/checkins", checkin("42")).status == 201);
  auto const posted =
      t.post("/api/announcement", {{"text", "Water at the exit"}, {"translations", {{"de", "Wasser"}, {"es", "Agua"}}}},
             organiser_pin);
  REQUIRE(posted.status == 200);
  json const texts = {{"de", "Wasser"}, {"es", "Agua"}};
  CHECK(t.get("/api/state").body.at("announcement_translations") == texts);
  CHECK(t.get("/api/tickets/42").body.at("announcement_translations") == texts);
  auto const bad = t.post("/api/announcement", {{"text", "x"}, {"translations", {{"Deutsch", "y"}}}}, organiser_pin);
  CHECK(bad.status == 422);
  CHECK(bad.body.at("error").at("code") == "invalid_language");
  CHECK(t.get("/api/state").body.at("announcement_translations") == texts);
  REQUIRE(t.post("/api/announcement", {{"text", ""}}, organiser_pin).status == 200);
  CHECK(t.get("/api/state").body.at("announcement_translations") == json::object());
}

TEST_CASE("A subscriber reconnecting with since gets exactly the frames it missed", "[net][app]") {
  LiveTent t;
  auto const seq = t.seq();
  for (auto bib : {"10", "11", "12"}) REQUIRE(t.post("/api/checkins", checkin(bib)).status == 201);
  auto ws = t.subscribe("/ws?since=" + std::to_string(seq));
  auto hello = next_frame(*ws);
  CHECK(hello.at("type") == "hello");
  CHECK(hello.at("seq") == seq + 3);
  for (int i = 1; i <= 3; ++i) {
    auto f = next_frame(*ws);
    CHECK(f.at("type") == "update");
    CHECK(f.at("seq") == seq + i);
  }
  SECTION("a seq the server cannot continue from gets a fresh snapshot") {
    auto future = t.subscribe("/ws?since=999999");
    auto f = next_frame(*future);
    CHECK(f.at("type") == "snapshot");
    CHECK(f.at("seq") == seq + 3);
  }
  SECTION("after a restart the backlog is gone: a snapshot, with the same seq") {
    t.restart();
    auto again = t.subscribe("/ws?since=" + std::to_string(seq));
    auto f = next_frame(*again);
    CHECK(f.at("type") == "snapshot");
    CHECK(f.at("queue").size() == 3);
  }
}

TEST_CASE("Update frames let a client follow the queue without the domain rules", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  auto snap = next_frame(*ws);
  std::vector<std::string> queue;
  for (auto const& e : snap.at("queue")) queue.push_back(e.at("bib"));
  auto follow = [&] {
    auto f = next_frame(*ws);
    for (auto const& op : f.at("queue")) {
      if (op.at(0) == "del")
        queue.erase(std::find(queue.begin(), queue.end(), op.at(1).get<std::string>()));
      else
        queue.insert(queue.begin() + op.at(1).get<long>(), op.at(2).at("bib").get<std::string>());
    }
  };
  for (auto bib : {"1", "2", "3", "4", "5", "6"}) {
    REQUIRE(t.post("/api/checkins", checkin(bib)).status == 201);
    follow();
  }
  REQUIRE(t.post("/api/queue/5/priority", json::object(), volunteer_pin).status == 200);
  follow();
  REQUIRE(t.post("/api/queue/2/move", {{"position", 6}}, volunteer_pin).status == 200);
  follow();
  REQUIRE(t.post("/api/queue/3/remove", json::object(), volunteer_pin).status == 200);
  follow();
  REQUIRE(t.post("/api/tickets/4/leave").status == 200);
  follow();
  auto created = t.post("/api/tables", {{"name", "T1"}}, volunteer_pin);
  follow();
  REQUIRE(t.post("/api/tables/1/open", json::object(), volunteer_pin).status == 200);
  follow();
  auto const state = t.get("/api/state").body;
  std::vector<std::string> server;
  for (auto const& e : state.at("queue")) server.push_back(e.at("bib"));
  CHECK(queue == server);
  CHECK(server == std::vector<std::string>{"1", "6", "2"});  // 5 went to table 1
}

TEST_CASE("Staff sockets sign in with a PIN and send commands over the socket", "[net][app]") {
  LiveTent t;
  auto ws = t.subscribe();
  CHECK(next_frame(*ws).at("audience") == "public");
  ws->write(R"({"id":1,"op":"table_create","name":"Couch A"})");
  auto refused = json::parse(ws->read());
  CHECK(refused.at("type") == "reply");
  CHECK(refused.at("id") == 1);
  CHECK(refused.at("status") == 401);
  ws->write(R"({"id":2,"op":"auth","pin":"1111"})");
  auto ok = json::parse(ws->read());
  CHECK(ok.at("id") == 2);
  CHECK(ok.at("body").at("role") == "volunteer");
  auto staff = next_frame(*ws);
  CHECK(staff.at("type") == "snapshot");
  CHECK(staff.at("audience") == "staff");
  ws->write(R"({"id":"x3","op":"table_create","name":"Couch A"})");
  auto update = next_frame(*ws);  // the broadcast goes out after the commit, before the reply
  CHECK(update.at("tables").at(0).at("therapist") == "");
  auto reply = json::parse(ws->read());
  CHECK(reply.at("id") == "x3");
  CHECK(reply.at("status") == 201);
  ws->write("not json");
  CHECK(json::parse(ws->read()).at("body").at("error").at("code") == "bad_json");
}

TEST_CASE("Names never reach the public, but staff see them", "[net][app]") {
  LiveTent t;
  auto csv = "bib,first_name,last_name,race\n7,Ana,Silva,Marathon\n8,Ben,Okafor,10K\n";
  auto preview = t.request(verb::post, "/api/roster?dry_run=1", csv, organiser_pin, "text/csv");
  REQUIRE(preview.status == 200);
  CHECK(preview.body.at("accepted") == 2);
  CHECK(t.get("/api/state", volunteer_pin).body.at("roster_size") == 0);
  auto loaded = t.request(verb::post, "/api/roster", std::string(csv) + "bad bib!,X,Y,Z\n", organiser_pin, "text/csv");
  REQUIRE(loaded.status == 200);
  CHECK(loaded.body.at("rejected").size() == 1);
  CHECK(loaded.body.at("rejected").at(0).at("line") == 4);
  REQUIRE(t.post("/api/checkins", checkin("7")).status == 201);
  auto pub = t.get("/api/state").text;
  CHECK(pub.find("Ana") == std::string::npos);
  CHECK(t.get("/api/tickets/7").text.find("Silva") == std::string::npos);
  CHECK(t.get("/api/state", volunteer_pin).text.find("Ana Silva") != std::string::npos);
  auto export_csv = t.get("/api/export/sessions.csv", organiser_pin);
  CHECK(export_csv.status == 200);
  CHECK(export_csv.text.find("7,Ana,Silva,Marathon,waiting") != std::string::npos);
}

TEST_CASE("The organiser can require a kiosk key, and kiosks without it are refused", "[net][app]") {
  LiveTent t;
  CHECK(t.post("/api/kiosk-key", {{"key", "tent-7"}}, volunteer_pin).status == 403);
  auto set = t.post("/api/kiosk-key", {{"key", "tent-7"}}, organiser_pin);
  REQUIRE(set.status == 200);
  CHECK(set.body.at("kiosk_key_required") == true);
  auto refused = t.post("/api/checkins", checkin("5"));
  CHECK(refused.status == 401);
  CHECK(t.post("/api/checkins", checkin("5"), "tent-7").status == 201);
  t.restart();  // kept across restarts, like the PINs
  CHECK(t.post("/api/checkins", checkin("6")).status == 401);
  REQUIRE(t.post("/api/kiosk-key", {{"key", ""}}, organiser_pin).status == 200);
  CHECK(t.post("/api/checkins", checkin("6")).status == 201);
  CHECK(t.post("/api/kiosk-key", {{"key", 5}}, organiser_pin).status == 422);
}

TEST_CASE("A WebSocket kiosk must use the current kiosk key once one is set or changed", "[net][app]") {
  LiveTent t;
  auto checkin_over = [](WsClient& ws, std::string const& bib) {
    ws.write(json{{"id", bib}, {"op", "checkin"}, {"bib", bib}}.dump());
    for (;;) {
      auto f = json::parse(ws.read());
      if (f.at("type") == "reply") return f;
    }
  };
  auto sign_in = [](WsClient& ws, std::string const& key) {
    ws.write(json{{"op", "auth"}, {"pin", key}}.dump());
    for (;;) {
      auto f = json::parse(ws.read());
      if (f.at("type") == "reply") return f;
    }
  };
  auto early = t.subscribe();  // signs in before any key exists: no secret, so the kiosk role
  next_frame(*early);
  CHECK(sign_in(*early, "").at("body").at("role") == "kiosk");
  REQUIRE(t.post("/api/kiosk-key", {{"key", "key-one"}}, organiser_pin).status == 200);
  auto keyed = t.subscribe();
  next_frame(*keyed);
  CHECK(sign_in(*keyed, "key-one").at("body").at("role") == "kiosk");
  CHECK(checkin_over(*keyed, "1").at("status") == 201);

  auto refused = checkin_over(*early, "2");
  CHECK(refused.at("status") == 401);
  CHECK(refused.at("body").at("error").at("code") == "unauthorized");

  REQUIRE(t.post("/api/kiosk-key", {{"key", "key-two"}}, organiser_pin).status == 200);
  CHECK(checkin_over(*keyed, "3").at("status") == 401);  // the old key no longer counts
  CHECK(sign_in(*keyed, "key-one").at("status") == 401);
  CHECK(sign_in(*keyed, "key-two").at("body").at("role") == "kiosk");
  CHECK(checkin_over(*keyed, "3").at("status") == 201);

  SECTION("removing the key opens check-in to every socket again") {
    REQUIRE(t.post("/api/kiosk-key", {{"key", ""}}, organiser_pin).status == 200);
    CHECK(checkin_over(*early, "4").at("status") == 201);
  }
  SECTION("staff sockets keep their role") {
    auto staff = t.subscribe();
    next_frame(*staff);
    CHECK(sign_in(*staff, volunteer_pin).at("body").at("role") == "volunteer");
    REQUIRE(t.post("/api/kiosk-key", {{"key", "key-three"}}, organiser_pin).status == 200);
    CHECK(checkin_over(*staff, "5").at("status") == 201);
  }
}
