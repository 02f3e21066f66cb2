#pragma once
// A tent under test with its own clock: each step advances `now` explicitly.

#include "core/tent.hpp"

#include <catch2/catch.hpp>

namespace tent::test {

struct Scene {
  Tent tent;
  Millis now = 1'700'000'000'000;  // a fixed start: tests never read a clock

  Decision run(Command const& c) { return tent.execute(c, now); }
  void later(std::int64_t s) { now += seconds(s); }

  Decision checkin(std::string bib, std::vector<RedFlag> flags = {}, std::string request_id = {}) {
    auto key = "key-" + bib;  // the status key the server would draw
    return run(cmd::CheckIn{
        std::move(bib), {Area::calves}, std::move(flags), std::move(request_id), cmd::Source::kiosk, std::move(key)});
  }
  // Creates n tables, opened in id order.
  void open_tables(int n) {
    for (int i = 0; i < n; ++i) {
      auto id = static_cast<TableId>(tent.tables().size()) + 1;
      REQUIRE(run(cmd::CreateTable{"Table " + std::to_string(id)}).ok());
      REQUIRE(run(cmd::OpenTable{id}).ok());
    }
  }
  TableState state(TableId id) const { return tent.table(id)->state; }
  Bib const& at_table(TableId id) const { return tent.table(id)->bib; }
  TicketStatus status(Bib const& bib) const { return tent.ticket(bib)->status; }
  void settings(auto&& change) {
    Settings s = tent.settings();
    change(s);
    REQUIRE(run(cmd::UpdateSettings{s}).ok());
  }
};

// One open table with Ana on it and runner "1" five minutes into a session there.
inline Scene one_on_table() {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.run(cmd::SetTherapist{1, "Ana"}).ok());
  REQUIRE(s.checkin("1").ok());
  s.later(30);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(300);
  return s;
}

}  // namespace tent::test
