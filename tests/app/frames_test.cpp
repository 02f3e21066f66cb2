// The frames a subscriber gets are enough to follow the tent: random actions through the real
// dispatcher (on an in-memory store), and a shadow client that applies only the frames' queue
// ops and table views must agree with the server after every commit. The ops are the batch's own
// queue changes in order (deletions and insertions interleaved), each entry as after the batch.

#include "app/dispatcher.hpp"

#include <catch2/catch.hpp>

#include <random>

using nlohmann::json;
using namespace tent;

namespace {

struct Shadow {
  std::vector<std::string> queue;
  std::map<std::string, json> entries;  // the latest entry sent for each bib
  std::map<int, json> tables;
  std::int64_t seq = 0;
  int priority_inserts = 0;

  void apply(std::string const& text) {
    auto const f = json::parse(text);
    REQUIRE(f.at("seq") == seq + 1);
    seq = f.at("seq");
    for (auto const& op : f.at("queue")) {
      if (op.at(0) == "del") {
        auto it = std::find(queue.begin(), queue.end(), op.at(1).get<std::string>());
        REQUIRE(it != queue.end());
        queue.erase(it);
      } else {
        auto const at = op.at(1).get<std::size_t>();
        REQUIRE(at <= queue.size());
        auto const bib = op.at(2).at("bib").get<std::string>();
        queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(at), bib);
        entries[bib] = op.at(2);
        if (op.at(2).value("priority", false)) ++priority_inserts;
      }
    }
    for (auto const& t : f.at("tables")) tables[t.at("id")] = t;
  }
};

}  // namespace

TEST_CASE("A client applying only the frames follows the queue and the tables exactly", "[app]") {
  auto const seed = GENERATE(range(1u, 9u));
  std::mt19937 rng(seed);
  store::EventStore store(":memory:");
  Shadow pub, staff;
  app::Dispatcher dispatcher(store, [&](app::Frame const& f) {
    pub.apply(std::string(f.public_message.payload()));
    staff.apply(std::string(f.staff_message.payload()));
  });
  Millis now = 1'795'000'000'000;
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  // Every fifth bib has a category with precedence, so priority runners join ahead of the rest.
  json roster = json::array();
  for (int b = 0; b < 30; b += 5) roster.push_back({{"bib", std::to_string(b)}, {"category", "Elite"}});
  REQUIRE(dispatcher.execute("roster", {{"entries", roster}}, auth::Role::organiser, now).status == 200);
  REQUIRE(dispatcher.execute("settings", {{"priority_category", "elite"}}, auth::Role::organiser, now).status == 200);
  for (int i = 1; i <= 4; ++i) {
    dispatcher.execute("table_create", {{"name", "T" + std::to_string(i)}}, auth::Role::organiser, now);
    dispatcher.execute("open", {{"table", i}}, auth::Role::organiser, now);
  }
  for (int step = 0; step < 600; ++step) {
    now += pick(40'000);
    auto const bib = std::to_string(pick(30));
    json const table = pick(4) + 1;
    static constexpr char const* table_ops[] = {"arrived", "finish", "ready", "no_show", "undo", "break", "resume"};
    switch (pick(8)) {
      case 0:
      case 1:
        dispatcher.execute("checkin", {{"bib", bib}}, auth::Role::kiosk, now);
        break;
      case 2:
        dispatcher.execute("priority", {{"bib", bib}, {"on", pick(2) == 0}}, auth::Role::volunteer, now);
        break;
      case 3:
        dispatcher.execute("move", {{"bib", bib}, {"position", pick(6) + 1}}, auth::Role::volunteer, now);
        break;
      case 4:
        dispatcher.execute(pick(2) ? "remove" : "leave", {{"bib", bib}}, auth::Role::volunteer, now);
        break;
      default:
        dispatcher.execute(table_ops[pick(7)], {{"table", table}}, auth::Role::volunteer, now);
        break;
    }
    dispatcher.submit_tick(now);
    dispatcher.flush();
    INFO("seed " << seed << " step " << step);
    REQUIRE(pub.queue == dispatcher.tent().queue().bibs());
    REQUIRE(staff.queue == dispatcher.tent().queue().bibs());
    for (auto const& t : dispatcher.tent().tables())
      REQUIRE(pub.tables[t.id] == app::table_view(dispatcher.tent(), t, app::Audience::public_));
    for (auto const& b : staff.queue)
      REQUIRE(staff.entries[b] == app::queue_entry_view(dispatcher.tent(), b, app::Audience::staff));
  }
  CHECK(pub.seq == dispatcher.seq());
  CHECK(staff.priority_inserts > 0);
}
