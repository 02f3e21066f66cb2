#pragma once
// What a client saw when it chose an action, so that the action is refused (Error::stale)
// rather than applied to a table or runner that has moved on since: two volunteers tapping the
// same card, or a second tap landing on a button whose meaning has just changed.
//
// Table ops carry the table's state and the bib on it; queue ops carry the runner's place in
// the queue. The check is a pure comparison with the tent as it is now; it runs before
// Tent::decide, so a stale action never produces events.

#include "core/commands.hpp"
#include "core/tent.hpp"
#include "core/types.hpp"

#include <cstdint>
#include <optional>

namespace tent {

struct Expectation {
  enum class Kind { table, queue };
  Kind kind = Kind::table;
  TableState state = TableState::invalid;  // table ops: the table's state as the client saw it
  Bib bib;                                 // table ops: the runner on the table, empty for none
  std::int32_t position = 0;               // queue ops: the runner's 1-based place (0: not waiting)

  static Expectation table(TableState state, Bib bib = {}) { return {Kind::table, state, std::move(bib), 0}; }
  static Expectation queue(std::int32_t position) { return {Kind::queue, TableState::invalid, {}, position}; }
  bool operator==(Expectation const&) const = default;
};

// True when the table is in the state the client saw, with the same runner on it.
bool matches(Expectation const& seen, Table const& now);
// True when the runner is at the place in the queue the client saw (0 = not waiting).
bool matches(Expectation const& seen, Tent const& tent, Bib const& bib);

// Error::stale when `command` is about a table or a queued runner that no longer looks as
// `seen`; Error::none otherwise, also when the table or bib does not exist (decide then refuses
// with its own error) and when the command has nothing an expectation of this kind can describe.
Error check_expectation(Tent const& tent, Command const& command, Expectation const& seen);

// Tent::decide behind the expectation check: a stale command is refused with no events.
Decision decide_expecting(Tent const& tent, Command const& command, Millis now, std::optional<Expectation> const& seen);

}  // namespace tent
