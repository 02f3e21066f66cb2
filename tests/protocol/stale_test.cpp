#include "protocol/stale.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using protocol::stale_table;
using protocol::stale_ticket;

namespace {

Table table(TableState state, Bib bib = {}) {
  Table t;
  t.id = 3;
  t.name = "Table 3";
  t.state = state;
  t.bib = std::move(bib);
  return t;
}

}  // namespace

TEST_CASE("A stale table action is told from what changed on the table", "[protocol]") {
  auto [now, seen, message] = GENERATE(table<Table, Expectation, std::string>({
      {table(TableState::changeover), Expectation::table(TableState::in_session, "12"),
       "Table 3 already finished: someone else got there first."},
      {table(TableState::in_session, "12"), Expectation::table(TableState::called, "12"),
       "Bib 12 already arrived at Table 3: someone else got there first."},
      {table(TableState::called, "40"), Expectation::table(TableState::changeover),
       "Table 3 has already called bib 40: someone else got there first."},
      {table(TableState::free), Expectation::table(TableState::changeover),
       "Table 3 is already ready: someone else got there first."},
      {table(TableState::free), Expectation::table(TableState::called, "12"),
       "Bib 12 is no longer on Table 3: someone else got there first."},
      {table(TableState::on_break), Expectation::table(TableState::free),
       "Table 3 is already on a break: someone else got there first."},
      {table(TableState::closed), Expectation::table(TableState::free),
       "Table 3 is already closed: someone else got there first."},
      {table(TableState::called, "12"), Expectation::table(TableState::in_session, "12"),
       "The arrival of bib 12 at Table 3 was already undone: someone else got there first."},
  }));
  auto const w = stale_table(now, seen);
  CHECK(w.status == 409);
  CHECK(w.code == "stale");
  CHECK(w.message == message);
}

TEST_CASE("A stale queue action is told from where the runner is now", "[protocol]") {
  Tent tent;
  REQUIRE(tent.execute(cmd::CreateTable{"Couch A"}, 1).ok());
  REQUIRE(tent.execute(cmd::CheckIn{"1", {}, {}, {}, cmd::Source::kiosk, {}}, 2).ok());
  REQUIRE(tent.execute(cmd::CheckIn{"2", {}, {}, {}, cmd::Source::kiosk, {}}, 3).ok());
  CHECK(stale_ticket(tent, *tent.ticket("2"), Expectation::queue(1)).message ==
        "Bib 2 is now number 2 in the queue, not 1: someone else got there first.");
  REQUIRE(tent.execute(cmd::OpenTable{1}, 4).ok());  // calls bib 1
  CHECK(stale_ticket(tent, *tent.ticket("1"), Expectation::queue(1)).message ==
        "Bib 1 has already been called to Couch A: someone else got there first.");
  REQUIRE(tent.execute(cmd::Remove{"2"}, 5).ok());
  CHECK(stale_ticket(tent, *tent.ticket("2"), Expectation::queue(1)).message ==
        "Bib 2 was already taken out of the queue: someone else got there first.");
}
