// Group commit: commands submitted before a flush are decided in order against each other, stored in
// one transaction, and answered only after it; replies come before the frames.

#include "../store/temp_dir.hpp"
#include "app/dispatcher.hpp"
#include "live_tent.hpp"
#include "store/sqlite.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <thread>

using nlohmann::json;
using namespace tent;

namespace {

constexpr Millis t0 = 1'795'000'000'000;

// Everything the dispatcher tells the outside, in the order it happened.
struct Log {
  std::vector<std::string> lines;
  std::vector<app::Reply> replies;

  app::Dispatcher::Done reply(std::string name) {
    return [this, name](app::Reply r) {
      lines.push_back("reply " + name);
      replies.push_back(std::move(r));
    };
  }
};

}  // namespace

TEST_CASE("Commands submitted together share one commit, each with its own seq, reply and frame, replies first",
          "[app][group]") {
  store::test::TempDir dir;
  store::EventStore store(dir.file("tent.db"));
  Log log;
  app::Dispatcher dispatcher(
      store, [&](app::Frame const& f) { log.lines.push_back("frame " + std::to_string(f.seq)); },
      [&] { log.lines.push_back("settled"); });

  dispatcher.submit("checkin", {{"bib", "A1"}}, auth::Role::kiosk, t0, log.reply("A1"));
  dispatcher.submit("checkin", {{"bib", "A1"}}, auth::Role::kiosk, t0 + 1, log.reply("A1 again"));
  dispatcher.submit("checkin", {{"bib", "??"}}, auth::Role::kiosk, t0 + 2, log.reply("bad"));
  dispatcher.submit("checkin", {{"bib", "B2"}}, auth::Role::kiosk, t0 + 3, log.reply("B2"));
  // Nothing is decided, stored or answered before the flush.
  CHECK(dispatcher.pending());
  CHECK(log.lines.empty());
  CHECK(store.last_seq() == 0);
  CHECK(dispatcher.tent().queue().empty());

  dispatcher.flush();
  CHECK_FALSE(dispatcher.pending());
  CHECK(log.lines == std::vector<std::string>{"reply A1", "reply A1 again", "reply bad", "reply B2", "frame 1",
                                              "frame 2", "settled"});
  REQUIRE(log.replies.size() == 4);
  CHECK(log.replies[0].status == 201);
  CHECK(log.replies[0].body.at("seq") == 1);
  CHECK(log.replies[0].body.at("ticket").at("position") == 1);
  // The second decision saw the first one, though neither was stored when it was made.
  CHECK(log.replies[1].status == 409);
  CHECK(log.replies[1].body.at("error").at("code") == "already_queued");
  CHECK(log.replies[2].status == 422);
  CHECK(log.replies[3].status == 201);
  CHECK(log.replies[3].body.at("seq") == 2);
  CHECK(log.replies[3].body.at("ticket").at("position") == 2);
  CHECK(store.last_seq() == 2);
  CHECK(dispatcher.seq() == 2);
}

TEST_CASE("A group whose commit fails is refused as a whole and memory goes back to what is stored", "[app][group]") {
  store::test::TempDir dir;
  auto const path = dir.file("tent.db");
  store::EventStore store(path);
  std::vector<std::int64_t> frames;
  int settled = 0;
  app::Dispatcher dispatcher(
      store, [&](app::Frame const& f) { frames.push_back(f.seq); }, [&] { ++settled; });
  REQUIRE(dispatcher.execute("checkin", {{"bib", "A1"}}, auth::Role::kiosk, t0).status == 201);
  frames.clear();
  {
    // The third batch of the next group fails inside the transaction.
    store::Database other(path, store::open_readwrite);
    other.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON batches WHEN NEW.events LIKE '%C3%' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  }
  Log log;
  dispatcher.submit("checkin", {{"bib", "B2"}}, auth::Role::kiosk, t0 + 1, log.reply("B2"));
  dispatcher.submit("leave", {{"bib", "A1"}}, auth::Role::kiosk, t0 + 2, log.reply("A1 leaves"));
  dispatcher.submit("checkin", {{"bib", "C3"}}, auth::Role::kiosk, t0 + 3, log.reply("C3"));
  dispatcher.flush();

  REQUIRE(log.replies.size() == 3);
  for (auto const& r : log.replies) {
    CHECK(r.status == 500);
    CHECK(r.body.at("error").at("code") == "internal_error");
  }
  CHECK(frames.empty());  // nothing published
  CHECK(settled == 2);
  CHECK(store.last_seq() == 1);
  // Memory holds exactly what the store does: A1 waiting, B2 never checked in.
  CHECK(dispatcher.seq() == 1);
  CHECK(dispatcher.tent().queue().bibs() == std::vector<Bib>{"A1"});
  CHECK(dispatcher.tent().ticket("B2") == nullptr);

  {
    store::Database other(path, store::open_readwrite);
    other.exec("DROP TRIGGER refuse");
  }
  auto const again = dispatcher.execute("checkin", {{"bib", "B2"}}, auth::Role::kiosk, t0 + 4);
  CHECK(again.status == 201);
  CHECK(again.body.at("seq") == 2);
  CHECK(frames == std::vector<std::int64_t>{2});
}

TEST_CASE("Check-ins from many connections at once all land, each with its own seq, frames without gaps",
          "[app][group]") {
  app::test::LiveTent tent;
  auto ws = tent.subscribe();
  REQUIRE(app::test::next_frame(*ws).at("type") == "snapshot");
  constexpr std::size_t clients = 8, each = 25;
  std::vector<std::vector<std::int64_t>> seqs(clients);
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      for (std::size_t i = 0; i < each; ++i) {
        auto req = net::test::make_request(net::http::verb::post, "/api/checkins",
                                           json{{"bib", "C" + std::to_string(c) + "N" + std::to_string(i)}}.dump());
        req.set(net::http::field::content_type, "application/json");
        auto const res = net::test::http_request(tent.port(), std::move(req));
        auto const body = json::parse(res.body(), nullptr, false);
        seqs[c].push_back(res.result_int() == 201 ? body.at("seq").get<std::int64_t>() : -1);
      }
    });
  for (auto& t : threads) t.join();

  std::set<std::int64_t> all;
  for (auto const& s : seqs) {
    CHECK(std::is_sorted(s.begin(), s.end()));  // one connection's check-ins in its order
    all.insert(s.begin(), s.end());
  }
  CHECK(all.size() == clients * each);
  CHECK(*all.begin() == 1);
  CHECK(*all.rbegin() == std::int64_t{clients * each});
  for (std::int64_t seq = 1; seq <= std::int64_t{clients * each}; ++seq) {
    auto const f = app::test::next_frame(*ws);
    REQUIRE(f.at("seq") == seq);
  }
  CHECK(tent.get("/api/state").body.at("queue").size() == clients * each);
}
