// Random command sequences: whatever volunteers, runners and time do, the invariants hold and
// replaying the accepted batches rebuilds the same tent.

#include "core/estimate.hpp"
#include "core/tent_state.hpp"
#include "random_command.hpp"
#include "tent_fixture.hpp"

#include <array>
#include <random>

using namespace tent;
using tent::test::random_command;

TEST_CASE("Random command sequences keep every invariant and replay to the same state", "[core]") {
  auto const seed = GENERATE(range(1u, 41u));
  std::mt19937 rng(seed);
  Tent tent;
  std::vector<Batch> log;
  Millis now = 1'700'000'000'000;
  std::array<int, std::variant_size_v<Command>> accepted{};
  TableId last_table = 1;
  int quotes_checked = 0;
  std::vector<Bib> shadow;  // a client's copy of the queue, following queue_changes only
  // Every fifth bib is in a category with precedence, so priority check-ins happen too.
  std::vector<RosterEntry> roster;
  for (int i = 0; i < 40; i += 5) roster.push_back({std::to_string(i), "A", "B", "Elite"});
  Settings elite;
  elite.priority_category = "elite";
  for (Command const& c : {Command{cmd::LoadRoster{roster}}, Command{cmd::UpdateSettings{elite}}}) {
    auto const d = tent.decide(c, now);
    REQUIRE(d.ok());
    log.push_back({now, d.events});
    tent.apply(log.back());
  }
  for (int step = 0; step < 1500; ++step) {
    now += static_cast<Millis>(rng() % 90'000);
    auto const command = random_command(rng, tent, last_table);
    auto const d = tent.decide(command, now);
    if (!d.ok()) continue;
    ++accepted[command.index()];
    std::visit(
        [&](auto const& c) {
          if constexpr (requires { c.table; }) last_table = c.table;
        },
        command);
    auto const before = eta(tent, now);
    // Every estimate the tent builds is in rounds, so waits take the closed form (see estimate.hpp).
    REQUIRE((before.slots.empty() || before.slots.back() <= before.turnover()));
    if (!d.events.empty()) {
      log.push_back({now, d.events});
      tent.apply(log.back());
      for (auto const& c : tent.queue_changes()) {
        INFO("seed " << seed << " step " << step << " bib " << c.bib);
        auto const it = std::find(shadow.begin(), shadow.end(), c.bib);
        if (c.insert) {
          REQUIRE((it == shadow.end() && c.index <= shadow.size()));
          shadow.insert(shadow.begin() + static_cast<std::ptrdiff_t>(c.index), c.bib);
        } else {
          REQUIRE(it != shadow.end());
          shadow.erase(it);
        }
      }
      INFO("seed " << seed << " step " << step);
      REQUIRE(shadow == tent.queue().bibs());
    }
    // A check-in's quote is the estimate for the place the runner was actually given.
    if (d.events.size() == 1)
      if (auto const* in = std::get_if<ev::CheckedIn>(&d.events.front())) {
        INFO("seed " << seed << " step " << step << " bib " << in->bib);
        REQUIRE(in->quoted_wait_s == quote_s(wait_for(before, tent.position(in->bib))));
        quotes_checked += in->priority ? 1 : 0;
      }
    auto const broken = tent.check_invariants();
    INFO("seed " << seed << " step " << step);
    REQUIRE(broken.empty());
    if (tent.settings().auto_assign) {
      bool const free_table = std::any_of(tent.tables().begin(), tent.tables().end(),
                                          [](Table const& t) { return t.state == TableState::free; });
      // Auto-assign never leaves a free table while someone waits.
      REQUIRE_FALSE((free_table && !tent.queue().empty()));
    }
  }
  // The run reached the interesting paths, not just refusals.
  for (auto kind : {Command{cmd::Arrive{}}.index(), Command{cmd::Finish{}}.index(), Command{cmd::NoShow{}}.index(),
                    Command{cmd::Undo{}}.index(), Command{cmd::Move{}}.index(), Command{cmd::Leave{}}.index(),
                    Command{cmd::AckReferral{}}.index(), Command{cmd::ClearReferral{}}.index(),
                    Command{cmd::RecordSession{}}.index(), Command{cmd::GiveFeedback{}}.index()}) {
    INFO("command kind " << kind);
    CHECK(accepted[kind] > 0);
  }
  CHECK(quotes_checked > 0);
  Tent replayed;
  for (auto const& b : log) replayed.apply(b);
  CHECK(replayed.state() == tent.state());  // the whole state, not only what clients see
  CHECK(replayed.check_invariants().empty());
}
