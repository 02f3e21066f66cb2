#include "core/expect.hpp"

#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

namespace {

// Decides behind the expectation and applies what was accepted, as the server does.
Decision run_expecting(Scene& s, Command const& c, std::optional<Expectation> const& seen) {
  auto d = decide_expecting(s.tent, c, s.now, seen);
  if (d.ok()) s.tent.apply(Batch{s.now, d.events});
  return d;
}

// One table (id 1) in `state`, runners "11" and "22" checked in; auto-assign is off so that
// nothing moves unless a test says so. A serving table has "11" on it.
Scene table_in(TableState state) {
  Scene s;
  s.settings([](Settings& x) { x.auto_assign = false; });
  REQUIRE(s.run(cmd::CreateTable{"Table 1"}).ok());
  REQUIRE(s.checkin("11").ok());
  REQUIRE(s.checkin("22").ok());
  if (state == TableState::closed) return s;
  REQUIRE(s.run(cmd::OpenTable{1}).ok());
  if (state == TableState::on_break) REQUIRE(s.run(cmd::StartBreak{1}).ok());
  if (state == TableState::free || state == TableState::on_break) return s;
  REQUIRE(s.run(cmd::Call{1, std::nullopt}).ok());
  s.later(200);  // past the call timeout, so that a no-show is allowed
  if (state == TableState::called) return s;
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(30);
  if (state == TableState::in_session) return s;
  REQUIRE(s.run(cmd::Finish{1}).ok());
  REQUIRE(state == TableState::changeover);
  return s;
}

struct Snapshot {
  TableState state;
  Bib bib;
  std::vector<Bib> queue;
  std::string name, therapist;
  bool operator==(Snapshot const&) const = default;
};
Snapshot snapshot(Scene const& s) {
  auto const& t = *s.tent.table(1);
  return {t.state, t.bib, s.tent.queue().bibs(), t.name, t.therapist};
}

}  // namespace

TEST_CASE("A table expectation matches only the same state with the same runner", "[core]") {
  Table t;
  t.state = TableState::in_session;
  t.bib = "12";
  CHECK(matches(Expectation::table(TableState::in_session, "12"), t));
  CHECK_FALSE(matches(Expectation::table(TableState::in_session, "13"), t));
  CHECK_FALSE(matches(Expectation::table(TableState::in_session), t));
  CHECK_FALSE(matches(Expectation::table(TableState::called, "12"), t));
  CHECK_FALSE(matches(Expectation::queue(1), t));
  t.state = TableState::changeover;
  t.bib.clear();
  CHECK(matches(Expectation::table(TableState::changeover), t));
  CHECK_FALSE(matches(Expectation::table(TableState::changeover, "12"), t));
}

TEST_CASE("A queue expectation matches only the runner's current place", "[core]") {
  Scene s;
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  CHECK(matches(Expectation::queue(2), s.tent, "2"));
  CHECK_FALSE(matches(Expectation::queue(1), s.tent, "2"));
  CHECK_FALSE(matches(Expectation::queue(1), s.tent, "9"));  // not waiting: place 0
  CHECK_FALSE(matches(Expectation::table(TableState::free), s.tent, "1"));
}

TEST_CASE("Each table op runs when the table is as the client saw it, and is stale otherwise", "[core]") {
  auto [name, state, command] = GENERATE(table<std::string, TableState, Command>({
      {"open", TableState::closed, cmd::OpenTable{1}},
      {"close", TableState::free, cmd::CloseTable{1}},
      {"break", TableState::free, cmd::StartBreak{1}},
      {"resume", TableState::on_break, cmd::Resume{1}},
      {"ready", TableState::changeover, cmd::MarkReady{1}},
      {"call", TableState::free, cmd::Call{1, std::nullopt}},
      {"call a bib", TableState::free, cmd::Call{1, Bib{"22"}}},
      {"recall", TableState::called, cmd::Recall{1}},
      {"arrived", TableState::called, cmd::Arrive{1}},
      {"finish", TableState::in_session, cmd::Finish{1}},
      {"no_show", TableState::called, cmd::NoShow{1}},
      {"undo", TableState::in_session, cmd::Undo{1}},
      {"therapist", TableState::in_session, cmd::SetTherapist{1, "Sam"}},
      {"rename", TableState::changeover, cmd::RenameTable{1, "Window"}},
  }));
  INFO(name);
  Scene s = table_in(state);
  Bib const bib = s.tent.table(1)->bib;

  SECTION("seen as it is: the op runs") {
    auto const before = snapshot(s);
    auto const d = run_expecting(s, command, Expectation::table(state, bib));
    CHECK(d.ok());
    CHECK_FALSE(d.events.empty());
    if (name != "recall") CHECK_FALSE(snapshot(s) == before);
  }
  SECTION("seen in another state: stale, and nothing changes") {
    auto const other = state == TableState::in_session ? TableState::called : TableState::in_session;
    auto const before = snapshot(s);
    auto const d = run_expecting(s, command, Expectation::table(other, bib.empty() ? Bib{"11"} : bib));
    CHECK(d.error == Error::stale);
    CHECK(d.events.empty());
    CHECK(snapshot(s) == before);
  }
  SECTION("seen with another runner on it: stale, and nothing changes") {
    auto const before = snapshot(s);
    auto const d = run_expecting(s, command, Expectation::table(state, bib.empty() ? Bib{"22"} : Bib{}));
    CHECK(d.error == Error::stale);
    CHECK(d.events.empty());
    CHECK(snapshot(s) == before);
  }
}

TEST_CASE("Each queue op runs when the runner is where the client saw them, and is stale otherwise", "[core]") {
  auto [name, command] = GENERATE(table<std::string, Command>({
      {"remove", cmd::Remove{"2"}},
      {"priority", cmd::SetPriority{"2", true}},
      {"move", cmd::Move{"2", 1}},
  }));
  INFO(name);
  Scene s;
  for (auto bib : {"1", "2", "3"}) REQUIRE(s.checkin(bib).ok());
  auto const before = s.tent.queue().bibs();

  SECTION("seen at its place: the op runs") {
    auto const d = run_expecting(s, command, Expectation::queue(2));
    CHECK(d.ok());
    CHECK(s.tent.queue().bibs() != before);
  }
  SECTION("seen at another place: stale, and nothing changes") {
    auto const d = run_expecting(s, command, Expectation::queue(3));
    CHECK(d.error == Error::stale);
    CHECK(d.events.empty());
    CHECK(s.tent.queue().bibs() == before);
  }
  SECTION("no longer waiting: stale, not the op's own refusal") {
    s.open_tables(1);  // auto-assign calls "1"
    s.open_tables(1);  // and "2"
    REQUIRE(s.status("2") == TicketStatus::called);
    auto const d = run_expecting(s, command, Expectation::queue(2));
    CHECK(d.error == Error::stale);
    CHECK(s.status("2") == TicketStatus::called);
  }
}

TEST_CASE("Without an expectation, or about a table or bib that does not exist, decide has its say", "[core]") {
  Scene s = table_in(TableState::in_session);
  CHECK(run_expecting(s, cmd::Arrive{1}, std::nullopt).error == Error::wrong_table_state);
  CHECK(run_expecting(s, cmd::Finish{7}, Expectation::table(TableState::in_session, "11")).error ==
        Error::unknown_table);
  CHECK(run_expecting(s, cmd::Remove{"99"}, Expectation::queue(1)).error == Error::unknown_bib);
  CHECK(check_expectation(s.tent, cmd::Tick{}, Expectation::table(TableState::free)) == Error::none);
}
