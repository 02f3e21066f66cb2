// The indexed queue against the plainest model of it: a std::vector of (bib, priority) on which
// every operation is a linear scan.

#include "core/line.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace tent;

namespace {

struct Model {
  std::vector<Line::Entry> entries;

  std::size_t index_of(Bib const& bib) const {
    auto it = std::find_if(entries.begin(), entries.end(), [&](auto const& e) { return e.bib == bib; });
    return static_cast<std::size_t>(it - entries.begin());
  }
  std::size_t first_ordinary() const {
    auto it = std::find_if(entries.begin(), entries.end(), [](auto const& e) { return !e.priority; });
    return static_cast<std::size_t>(it - entries.begin());
  }
};

}  // namespace

TEST_CASE("The indexed line answers every query as a plain list would, over thousands of random operations", "[core]") {
  auto const seed = GENERATE(range(1u, 11u));
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  Line line;
  Model model;
  int inserts = 0, erases = 0, priority_fronts = 0;
  std::size_t longest = 0;
  for (int step = 0; step < 4000; ++step) {
    INFO("seed " << seed << " step " << step);
    auto const bib = std::to_string(pick(300));
    bool const queued = model.index_of(bib) < model.entries.size();
    switch (pick(6)) {
      case 0:
      case 1:
      case 2:
        if (queued) {
          REQUIRE(line.erase(bib));
          model.entries.erase(model.entries.begin() + static_cast<std::ptrdiff_t>(model.index_of(bib)));
          ++erases;
        } else {
          REQUIRE_FALSE(line.erase(bib));
          bool const priority = pick(4) == 0;
          // Where the tent puts runners: the end, the front, behind the priority runners, or anywhere (clamped).
          std::size_t index = 0;
          switch (pick(4)) {
            case 0:
              index = model.entries.size();
              break;
            case 1:
              index = 0;
              break;
            case 2:
              index = model.first_ordinary();
              ++priority_fronts;
              break;
            default:
              index = pick(model.entries.size() + 5);
              break;
          }
          line.insert(index, bib, priority);
          model.entries.insert(
              model.entries.begin() + static_cast<std::ptrdiff_t>(std::min(index, model.entries.size())),
              {bib, priority});
          ++inserts;
        }
        break;
      case 3:
        REQUIRE(line.index_of(bib) == (queued ? model.index_of(bib) : line.size()));
        REQUIRE(line.contains(bib) == queued);
        break;
      case 4:
        if (!model.entries.empty()) {
          auto const i = pick(model.entries.size());
          REQUIRE(line.at(i) == model.entries[i].bib);
        }
        break;
      default:
        REQUIRE(line.first_ordinary() == model.first_ordinary());
        break;
    }
    REQUIRE(line.size() == model.entries.size());
    longest = std::max(longest, line.size());
    REQUIRE(line.empty() == model.entries.empty());
    if (step % 50 == 0) {
      REQUIRE(line.check().empty());
      REQUIRE(line.entries() == model.entries);
    }
  }
  REQUIRE(line.entries() == model.entries);
  REQUIRE(line.check().empty());
  // The run reached long lines and both kinds of change, not only an empty line.
  CHECK(longest > 100);
  CHECK(inserts > 700);
  CHECK(erases > 700);
  CHECK(priority_fronts > 100);
}

TEST_CASE("A line rebuilt from its list is the same line, and the same operations build the same tree", "[core]") {
  Line a;
  for (int i = 0; i < 500; ++i) a.insert(static_cast<std::size_t>(i * 7 % (i + 1)), std::to_string(i), i % 3 == 0);
  for (int i = 0; i < 500; i += 4) REQUIRE(a.erase(std::to_string(i)));
  Line b;
  b.assign(a.entries());
  CHECK(b.entries() == a.entries());
  CHECK(b.first_ordinary() == a.first_ordinary());
  CHECK(b.check().empty());
  for (auto const& bib : a.bibs()) REQUIRE(b.index_of(bib) == a.index_of(bib));

  Line c;  // a replay of a's operations
  for (int i = 0; i < 500; ++i) c.insert(static_cast<std::size_t>(i * 7 % (i + 1)), std::to_string(i), i % 3 == 0);
  for (int i = 0; i < 500; i += 4) REQUIRE(c.erase(std::to_string(i)));
  CHECK(c.entries() == a.entries());
  b.assign({});
  CHECK(b.empty());
  CHECK(b.begin() == b.end());
  CHECK(b.first_ordinary() == 0);
}

TEST_CASE("Priority runners queue before the first runner without priority, wherever that is", "[core]") {
  Line line;
  line.insert(0, "1", false);
  line.insert(1, "2", true);  // moved behind an ordinary runner: not a place priority insertion uses
  CHECK(line.first_ordinary() == 0);
  line.insert(line.first_ordinary(), "3", true);
  CHECK(line.bibs() == std::vector<Bib>{"3", "1", "2"});
  CHECK(line.first_ordinary() == 1);
  REQUIRE(line.erase("1"));
  CHECK(line.first_ordinary() == 2);  // nobody without priority: the end
}
