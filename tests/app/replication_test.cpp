// The replication feed (GET /api/replication) on a live server, and the standby's copy of one answer.

#include "../store/temp_dir.hpp"
#include "app/standby.hpp"
#include "live_tent.hpp"
#include "store/backup.hpp"
#include "store/event_store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>

using namespace tent;
using namespace tent::app::test;
using nlohmann::json;

namespace {

void check_in(LiveTent& t, std::string const& bib) { REQUIRE(t.post("/api/checkins", {{"bib", bib}}).status == 201); }

json feed(LiveTent& t, std::string const& query) {
  auto const r = t.get("/api/replication?" + query, organiser_pin);
  REQUIRE(r.status == 200);
  return r.body;
}

// A replication answer as the primary would give it.
json answer(std::string const& database, std::int64_t last_seq, json batches, json meta = json::object()) {
  return {{"database", database}, {"last_seq", last_seq}, {"batches", std::move(batches)}, {"meta", std::move(meta)}};
}

json batch(std::int64_t seq, std::string const& events = R"([{"type":"x"}])") {
  return {{"seq", seq}, {"at", 1000 + seq}, {"events", events}};
}

}  // namespace

TEST_CASE("The replication feed answers the stored batches after since, byte for byte, with the meta rows",
          "[app][replication]") {
  LiveTent t;
  check_in(t, "101");
  check_in(t, "102");
  auto const all = feed(t, "since=0");
  CHECK(all["last_seq"] == t.seq());
  CHECK(all["database"].get<std::string>().size() == 32);
  REQUIRE(all["batches"].size() == 2);
  t.stop();
  store::EventStore primary(t.db());
  auto const stored = primary.read_after(0, 1 << 20, 100);
  REQUIRE(stored.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(all["batches"][i]["seq"] == stored[i].seq);
    CHECK(all["batches"][i]["at"] == stored[i].at);
    CHECK(all["batches"][i]["events"] == stored[i].events);
  }
  CHECK(all["meta"].contains("secret.organiser"));
  CHECK(all["meta"].contains("secret.volunteer"));
  CHECK_FALSE(all["meta"].contains("database.id"));  // it is "database"
}

TEST_CASE("The replication feed is the organiser's, and refuses a malformed since or wait", "[app][replication]") {
  LiveTent t;
  CHECK(t.get("/api/replication?since=0").status == 401);
  CHECK(t.get("/api/replication?since=0", volunteer_pin).status == 403);
  for (auto const* bad : {"", "since=-1", "since=1x", "since=0&wait=26", "since=0&wait=-1", "wait=1"}) {
    auto const r = t.get(std::string("/api/replication?") + bad, organiser_pin);
    INFO(bad);
    CHECK(r.status == 422);
    CHECK(r.body["error"]["code"] == "invalid_field");
  }
}

TEST_CASE("A caught-up request waits for the next commit and gets it at once, otherwise it ends empty",
          "[app][replication]") {
  LiveTent t;
  check_in(t, "101");
  auto const seq = t.seq();
  auto waiting = std::async(std::launch::async, [&] { return feed(t, "since=" + std::to_string(seq) + "&wait=20"); });
  CHECK(waiting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  check_in(t, "102");
  REQUIRE(waiting.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  auto const got = waiting.get();
  REQUIRE(got["batches"].size() == 1);
  CHECK(got["batches"][0]["seq"] == seq + 1);

  // Nothing new: the wait ends after its seconds with no batches.
  auto idle = std::async(std::launch::async, [&] { return feed(t, "since=" + std::to_string(seq + 1) + "&wait=1"); });
  CHECK(idle.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  REQUIRE(idle.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(idle.get()["batches"].empty());

  // A standby ahead of this primary is answered at once, so it can see that and stop.
  auto const ahead = feed(t, "since=" + std::to_string(seq + 50) + "&wait=20");
  CHECK(ahead["last_seq"] == seq + 1);
  CHECK(ahead["batches"].empty());
}

TEST_CASE("A replication answer holds at most its byte budget of batches, and always at least one",
          "[app][replication]") {
  store::test::TempDir dir;
  store::EventStore store(dir.file("tent.db"));
  std::string const big(400 * 1024, 'x');
  for (int i = 0; i < 5; ++i) store.append(i, "\"" + big + "\"");
  CHECK(store.read_after(0, 1024 * 1024, 100).size() == 2);
  CHECK(store.read_after(0, 10, 100).size() == 1);
  CHECK(store.read_after(3, 1024 * 1024, 100).size() == 2);
  CHECK(store.read_after(0, 1024 * 1024 * 10, 3).size() == 3);
  CHECK(store.read_after(5, 1024 * 1024, 100).empty());
}

TEST_CASE("A standby's store takes the primary's identity when empty, and its batches under the same seqs",
          "[app][replication]") {
  store::test::TempDir dir;
  store::EventStore standby(dir.file("standby.db"));
  auto const copied =
      app::copy_answer(standby, answer("abc", 7, json::array({batch(1), batch(3)}), {{"secret.organiser", "hash"}}));
  CHECK(copied.batches == 2);
  CHECK(copied.seq == 3);
  CHECK(copied.primary_seq == 7);
  CHECK(standby.database_id() == "abc");
  CHECK(standby.meta("secret.organiser") == "hash");
  auto const held = standby.read_after(0, 1 << 20, 100);
  REQUIRE(held.size() == 2);
  CHECK(held[1] == store::StoredBatch{3, 1003, R"([{"type":"x"}])", ""});
  // The next batch a server appends to it follows the copied ones.
  CHECK(standby.append(5000, "[]") == 4);
}

TEST_CASE("A standby refuses another database, a primary that lost batches, and batches out of order, changing nothing",
          "[app][replication]") {
  store::test::TempDir dir;
  store::EventStore standby(dir.file("standby.db"));
  app::copy_answer(standby, answer("abc", 2, json::array({batch(1), batch(2)})));

  auto const refused = [&](json const& a, std::string const& why) {
    INFO(a.dump());
    CHECK_THROWS_WITH(app::copy_answer(standby, a), Catch::Contains(why));
    CHECK(standby.last_seq() == 2);
    CHECK(standby.database_id() == "abc");
    CHECK_FALSE(standby.meta("secret.kiosk"));
  };
  json const kiosk = {{"secret.kiosk", "k"}};
  refused(answer("other", 5, json::array({batch(3)}), kiosk), "another day");
  refused(answer("abc", 1, json::array(), kiosk), "lost batches");
  refused(answer("abc", 5, json::array({batch(4), batch(3)}), kiosk), "batch 3 after 4");
  refused(answer("abc", 5, json::array({batch(2)}), kiosk), "batch 2 after 2");
  refused(answer("abc", 5, json::array({batch(6)}), kiosk), "batch 6");
  refused(answer("abc", 5, json::array({json{{"seq", 3}, {"at", 1}, {"events", json::array()}}}), kiosk), "not one");
  refused(json{{"database", "abc"}}, "not a replication answer");
  refused(answer("abc", 5, json::array({batch(3)}), {{"secret.kiosk", 5}}), "not text");
  auto of_tent = [](json tent) {
    auto b = batch(3);
    b["tent"] = std::move(tent);
    return b;
  };
  refused(answer("abc", 5, json::array({of_tent("Bad Id")}), kiosk), "not one");
  refused(answer("abc", 5, json::array({of_tent(7)}), kiosk), "not one");
}

TEST_CASE("The feed says which tent each batch is of, and a standby's copy keeps it", "[app][replication][tents]") {
  LiveTent t;
  check_in(t, "101");
  REQUIRE(t.post("/api/tents", {{"id", "family"}, {"name", "Family area"}}, organiser_pin).status == 201);
  REQUIRE(t.post("/t/family/api/checkins", {{"bib", "102"}}).status == 201);
  auto const all = feed(t, "since=0");
  REQUIRE(all["batches"].size() == 3);
  CHECK(all["batches"][0]["tent"] == "");
  CHECK(all["batches"][1]["tent"] == "family");
  CHECK(all["batches"][2]["tent"] == "family");
  t.stop();
  store::test::TempDir dir;
  store::EventStore standby(dir.file("standby.db"));
  app::copy_answer(standby, all);
  store::EventStore primary(t.db());
  CHECK(standby.read_after(0, 1 << 20, 100) == primary.read_after(0, 1 << 20, 100));
  CHECK(standby.read_after(0, 1 << 20, 100)[2].tent == "family");
}

TEST_CASE("A database keeps its identity across starts and in its backups", "[app][replication]") {
  store::test::TempDir dir;
  std::string id;
  {
    store::EventStore store(dir.file("tent.db"));
    id = store.database_id();
    CHECK(id.size() == 32);
  }
  store::EventStore again(dir.file("tent.db"));
  CHECK(again.database_id() == id);
  store::copy_database(dir.file("tent.db"), dir.file("backup.db"));
  CHECK(store::EventStore(dir.file("backup.db")).database_id() == id);
  store::EventStore other(dir.file("other.db"));
  CHECK(other.database_id() != id);
}

TEST_CASE("The primary's address must be http://HOST:PORT", "[app][replication]") {
  auto const ok = app::parse_primary("http://192.168.8.10:8080");
  REQUIRE(ok);
  CHECK(ok->host == "192.168.8.10");
  CHECK(ok->port == "8080");
  CHECK(app::parse_primary("http://tent.local/")->port == "80");
  CHECK(app::parse_primary("http://[::1]:9000")->host == "::1");
  for (auto const* bad : {"192.168.8.10:8080", "https://a:1", "http://", "http://a:1/api", "http://a:1?x=1",
                          "http://u@a:1", "http://a:0", ""})
    CHECK_FALSE(app::parse_primary(bad));
}
