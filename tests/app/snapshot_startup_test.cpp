// Start-up from snapshots: a restart starts from the newest usable snapshot and replays the log after
// it; whatever the snapshots, it must give exactly the state a replay of the whole log gives. In
// process on real files, and (for the snapshot a clean stop stores) against the real executable.

#include "../store/temp_dir.hpp"
#include "app/dispatcher.hpp"
#include "app/snapshots.hpp"
#include "core/tent_state.hpp"
#include "process.hpp"
#include "protocol/events_json.hpp"
#include "protocol/state_codec.hpp"
#include "store/sqlite.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <random>
#include <signal.h>
#include <sstream>
#include <string>

using namespace tent::app::test;

namespace {

using nlohmann::json;

// A race day through the dispatcher, as volunteers and runners would drive it, with a snapshot stored
// every `snapshot_every` steps. Refused commands are part of the day too. With several tents (which
// must exist), each step is at one of them, picked at random.
void race_day(tent::app::Dispatcher& d, tent::store::EventStore& store, unsigned seed, int steps, int snapshot_every,
              std::vector<tent::TentId> const& tents = {""}) {
  std::mt19937 rng(seed);
  tent::Millis now = 1'795'000'000'000;
  auto const pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  tent::TentId at;
  auto const op = [&](char const* name, json params) { d.execute(at, name, params, tent::auth::Role::organiser, now); };
  for (auto const& tent : tents) {
    at = tent;
    for (int i = 0; i < 6; ++i) op("table_create", {{"name", "T" + std::to_string(i + 1)}});
    for (int i = 1; i <= 6; ++i) op("open", {{"table", i}});
  }
  for (int step = 1; step <= steps; ++step) {
    if (tents.size() > 1) at = tents[static_cast<std::size_t>(pick(static_cast<int>(tents.size())))];
    now += pick(20'000);
    auto const bib = std::to_string(pick(300));
    auto const table = 1 + pick(6);
    switch (pick(16)) {
      case 0:
      case 1:
      case 2:
        op("checkin", {{"bib", bib}, {"request_id", "k" + std::to_string(step)}});
        break;
      case 3:
        op("checkin", {{"bib", bib}, {"triage", {{"open_wound", true}}}});
        break;
      case 4:
      case 5:
        op("arrived", {{"table", table}});
        break;
      case 6:
      case 7:
        op("finish", {{"table", table}, {"outcome", pick(8) ? "served" : "medical"}});
        break;
      case 8:
        op("no_show", {{"table", table}});
        break;
      case 9:
        op("undo", {{"table", table}});
        break;
      case 10:
        op("ready", {{"table", table}});
        break;
      case 11:
        op(pick(2) ? "ack_referral" : "clear_referral", {{"bib", bib}});
        break;
      case 12:
        op(pick(2) ? "leave" : "priority", {{"bib", bib}});
        break;
      case 13:
        op("therapist", {{"table", table}, {"name", "Therapist " + std::to_string(pick(9))}});
        break;
      case 14:
        op("announce", {{"text", "Water at the exit " + std::to_string(step)}});
        break;
      default:
        d.submit_tick(now);
        d.flush();
        break;
    }
    if (step % snapshot_every == 0) REQUIRE(tent::app::save_snapshot(store, d.tents(), d.seq()));
  }
}

// The state a replay of every batch gives, ignoring snapshots.
tent::TentState full_replay(tent::store::EventStore const& store) {
  tent::Tent tent;
  store.for_each(0, [&](tent::store::StoredBatch const& b) {
    tent.apply(tent::Batch{b.at, tent::protocol::decode_events(b.events)});
  });
  return tent.state();
}

// Each tent's state and seq.
std::map<tent::TentId, std::pair<tent::TentState, std::int64_t>> states_of(tent::Tents const& tents) {
  std::map<tent::TentId, std::pair<tent::TentState, std::int64_t>> out;
  for (auto const& [id, entry] : tents.all()) out[id] = {entry.tent.state(), entry.seq};
  return out;
}

// What a start writes on stderr.
struct CaptureStderr {
  std::ostringstream text;
  std::streambuf* old = std::cerr.rdbuf(text.rdbuf());
  ~CaptureStderr() { std::cerr.rdbuf(old); }
};

void damage_snapshot(std::string const& db, std::int64_t seq, std::string const& how) {
  tent::store::Database file(db, tent::store::open_readwrite);
  if (how == "flip")
    file.exec(
        "UPDATE snapshots SET data = CAST(substr(data, 1, length(data) - 1) || CASE substr(data, -1) WHEN X'00' THEN "
        "X'01' ELSE X'00' END AS BLOB) WHERE seq = " +
        std::to_string(seq));
  else if (how == "format")
    file.exec("UPDATE snapshots SET data = X'4D54534E63000000' || substr(data, 9) WHERE seq = " + std::to_string(seq));
  else
    file.exec("UPDATE snapshots SET data = X'0102' WHERE seq = " + std::to_string(seq));
}

}  // namespace

TEST_CASE("A restart from snapshots gives exactly the state a replay of the whole log gives", "[app][startup]") {
  auto const seed = GENERATE(1u, 2u, 3u);
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  tent::TentState before;
  std::int64_t seq = 0;
  {
    tent::store::EventStore store(db);
    tent::app::Dispatcher d(store, nullptr);
    race_day(d, store, seed, 1500, 400);
    before = d.tent().state();
    seq = d.seq();
  }
  tent::store::EventStore store(db);
  REQUIRE(store.latest_snapshot_seq() > 0);
  REQUIRE(store.latest_snapshot_seq() < seq);  // there is a log after the snapshot to replay
  auto const replayed = full_replay(store);
  REQUIRE(replayed == before);
  auto const restored = tent::app::restore(store);
  CHECK(restored.snapshot_seq == store.latest_snapshot_seq());
  CHECK(restored.seq == seq);
  CHECK(restored.tents.first().state() == replayed);
  tent::app::Dispatcher d(store, nullptr);
  CHECK(d.tent().state() == replayed);
  CHECK(d.seq() == seq);
}

TEST_CASE("A database without the snapshots table starts by replaying the whole log", "[app][startup]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  tent::TentState before;
  {
    tent::store::EventStore store(db);
    tent::app::Dispatcher d(store, nullptr);
    race_day(d, store, 4, 800, 1000);
    before = d.tent().state();
  }
  {  // as a server before snapshots left it
    tent::store::Database file(db, tent::store::open_readwrite);
    file.exec("DROP TABLE snapshots; ALTER TABLE batches DROP COLUMN tent; PRAGMA user_version = 1;");
  }
  tent::store::EventStore store(db);
  CHECK(store.schema_version() == tent::store::EventStore::latest_schema_version());
  auto const restored = tent::app::restore(store);
  CHECK(restored.snapshot_seq == 0);
  CHECK(restored.tents.first().state() == before);
}

TEST_CASE("An unusable snapshot is skipped with a line on stderr and the log before it replayed", "[app][startup]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  tent::TentState before;
  std::int64_t older = 0, newer = 0;
  {
    tent::store::EventStore store(db);
    tent::app::Dispatcher d(store, nullptr);
    race_day(d, store, 5, 900, 300);  // snapshots at steps 300, 600, 900: the newest two are kept
    before = d.tent().state();
    newer = store.latest_snapshot_seq();
    older = store.latest_snapshot(newer)->seq;
  }
  auto const how = GENERATE(std::string("flip"), std::string("format"), std::string("garbage"));
  INFO(how);
  SECTION("the newest is damaged: the older one is used") {
    damage_snapshot(db, newer, how);
    tent::store::EventStore store(db);
    CaptureStderr err;
    auto const restored = tent::app::restore(store);
    CHECK(restored.snapshot_seq == older);
    CHECK(restored.tents.first().state() == before);
    CHECK_THAT(err.text.str(), Catch::Contains("ignoring the snapshot at seq " + std::to_string(newer)));
    if (how == "format") CHECK_THAT(err.text.str(), Catch::Contains("snapshot format 99"));
  }
  SECTION("both are damaged: the whole log is replayed") {
    damage_snapshot(db, newer, how);
    damage_snapshot(db, older, how);
    tent::store::EventStore store(db);
    CaptureStderr err;
    tent::app::Dispatcher d(store, nullptr);
    CHECK(d.tent().state() == before);
    auto const text = err.text.str();
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  }
}

TEST_CASE("The dispatcher stores a snapshot every snapshot_interval committed batches", "[app][startup]") {
  tent::store::EventStore store(":memory:");
  tent::app::Dispatcher d(store, nullptr);
  tent::Millis now = 1'795'000'000'000;
  auto const announce = [&] {
    d.execute("announce", {{"text", "a" + std::to_string(d.seq())}}, tent::auth::Role::organiser, now += 1000);
  };
  while (d.seq() < tent::app::snapshot_interval - 1) announce();
  CHECK(store.latest_snapshot_seq() == 0);
  announce();
  REQUIRE(d.seq() == tent::app::snapshot_interval);
  CHECK(store.latest_snapshot_seq() == tent::app::snapshot_interval);
  CHECK(tent::app::restore(store).snapshot_seq == tent::app::snapshot_interval);
  CHECK(tent::app::restore(store).tents.first().state() == d.tent().state());
}

TEST_CASE("A clean stop stores a snapshot when the newest is more than snapshot_at_stop_after batches old",
          "[app][startup]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  auto const batches =
      GENERATE(as<std::int64_t>{}, tent::app::snapshot_at_stop_after, tent::app::snapshot_at_stop_after + 1);
  { tent::store::EventStore store(db); }
  {  // a log written in one transaction, so that the test need not wait for a thousand fsyncs
    tent::store::Database file(db, tent::store::open_readwrite);
    tent::store::Transaction transaction(file);
    auto insert = file.prepare("INSERT INTO batches (at, events) VALUES (?, ?)");
    for (std::int64_t i = 1; i <= batches; ++i) {
      insert.bind(1, 1'795'000'000'000 + i);
      insert.bind(2, tent::protocol::encode_events({tent::ev::Announced{"note " + std::to_string(i)}}));
      insert.step();
      insert.reset();
    }
    transaction.commit();
  }
  auto server = spawn({"serve", "--bind", "127.0.0.1", "--port", "0", "--db", db, "--volunteer-pin", "1111"},
                      dir.file("server.log"));
  REQUIRE(server.port != 0);
  kill(server.pid, SIGTERM);
  REQUIRE(wait_exit(server.pid) == 0);
  tent::store::EventStore store(db);
  CHECK(store.latest_snapshot_seq() == (batches > tent::app::snapshot_at_stop_after ? batches : 0));
  if (batches > tent::app::snapshot_at_stop_after) {
    auto const restored = tent::app::restore(store);
    CHECK(restored.snapshot_seq == batches);
    CHECK(restored.tents.first().state() == full_replay(store));
  }
}

TEST_CASE("A snapshot that reads well but holds an impossible tent is skipped", "[app][startup]") {
  tent::store::EventStore store(":memory:");
  tent::app::Dispatcher d(store, nullptr);
  tent::Millis const now = 1'795'000'000'000;
  for (auto const* name : {"T1", "T2"}) d.execute("table_create", {{"name", name}}, tent::auth::Role::organiser, now);
  d.execute("checkin", {{"bib", "101"}}, tent::auth::Role::kiosk, now);
  auto state = d.tent().state();
  std::string why;
  SECTION("a queued bib without a ticket") {
    state.queue.push_back("999");
    why = "inconsistent snapshot";
  }
  SECTION("tables out of id order") {
    std::swap(state.tables[0], state.tables[1]);
    why = "table ids out of order";
  }
  store.save_snapshot(d.seq(), now, tent::protocol::encode_state(state));
  CaptureStderr err;
  auto const restored = tent::app::restore(store);
  CHECK(restored.snapshot_seq == 0);
  CHECK(restored.tents.first().state() == d.tent().state());
  CHECK_THAT(err.text.str(), Catch::Contains(why));
}

TEST_CASE("Several tents restart from a snapshot exactly as a replay of the whole log gives them", "[app][startup]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  std::map<tent::TentId, std::pair<tent::TentState, std::int64_t>> before;
  {
    tent::store::EventStore store(db);
    tent::app::Dispatcher d(store, nullptr);
    for (auto const* id : {"family", "finish-b"})
      REQUIRE(
          d.execute("tent_create", {{"id", id}, {"name", id}}, tent::auth::Role::organiser, 1'795'000'000'000).status ==
          201);
    race_day(d, store, 7, 1500, 400, {"", "family", "finish-b"});
    before = states_of(d.tents());
  }
  tent::store::EventStore store(db);
  REQUIRE(store.latest_snapshot_seq() > 0);
  auto const restored = tent::app::restore(store);
  CHECK(restored.snapshot_seq == store.latest_snapshot_seq());
  CHECK(states_of(restored.tents) == before);
  {  // without the snapshots, the log alone gives the same tents and seqs
    tent::store::Database file(db, tent::store::open_readwrite);
    file.exec("DELETE FROM snapshots");
  }
  auto const replayed = tent::app::restore(store);
  CHECK(replayed.snapshot_seq == 0);
  CHECK(states_of(replayed.tents) == before);
  std::int64_t total = 0;
  for (auto const& [id, state] : before) total += state.second;
  CHECK(total == store.last_seq());  // every batch is one tent's
}

TEST_CASE("A database made before there were several tents opens as the first tent alone, unchanged",
          "[app][startup]") {
  tent::store::test::TempDir dir;
  auto const db = dir.file("tent.db");
  tent::TentState before;
  std::int64_t seq = 0, snapshot_seq = 0;
  {
    tent::store::EventStore store(db);
    tent::app::Dispatcher d(store, nullptr);
    race_day(d, store, 8, 900, 100'000);
    snapshot_seq = d.seq();
    // A snapshot as servers before several tents stored it: the tent's state alone.
    store.save_snapshot(snapshot_seq, d.tent().last_at(), tent::protocol::encode_state(d.tent().state()));
    race_day(d, store, 9, 200, 100'000);
    before = d.tent().state();
    seq = d.seq();
  }
  {  // the schema as it was then
    tent::store::Database file(db, tent::store::open_readwrite);
    file.exec("ALTER TABLE batches DROP COLUMN tent; PRAGMA user_version = 2;");
  }
  tent::store::EventStore store(db);
  CHECK(store.schema_version() == tent::store::EventStore::latest_schema_version());
  auto const restored = tent::app::restore(store);
  CHECK(restored.snapshot_seq == snapshot_seq);
  REQUIRE(restored.tents.all().size() == 1);
  CHECK(restored.tents.first().state() == before);
  CHECK(restored.tents.seq("") == seq);  // its frames go on numbered as before
  CHECK(restored.seq == seq);
}
