#include "core/expect.hpp"

namespace tent {
namespace {

// The waiting runner a queue op is about (remove, priority, move).
Bib const* queued_bib_of(Command const& c) {
  if (auto const* x = std::get_if<cmd::Remove>(&c)) return &x->bib;
  if (auto const* x = std::get_if<cmd::SetPriority>(&c)) return &x->bib;
  if (auto const* x = std::get_if<cmd::Move>(&c)) return &x->bib;
  return nullptr;
}

}  // namespace

bool matches(Expectation const& seen, Table const& now) {
  return seen.kind == Expectation::Kind::table && seen.state == now.state && seen.bib == now.bib;
}

bool matches(Expectation const& seen, Tent const& tent, Bib const& bib) {
  return seen.kind == Expectation::Kind::queue && seen.position == tent.position(bib);
}

Error check_expectation(Tent const& tent, Command const& command, Expectation const& seen) {
  if (seen.kind == Expectation::Kind::table) {
    auto const id = table_of(command);
    if (!id) return Error::none;
    auto const* table = tent.table(*id);
    if (!table) return Error::none;
    return matches(seen, *table) ? Error::none : Error::stale;
  }
  auto const* bib = queued_bib_of(command);
  if (!bib || !tent.ticket(*bib)) return Error::none;
  return matches(seen, tent, *bib) ? Error::none : Error::stale;
}

Decision decide_expecting(Tent const& tent, Command const& command, Millis now,
                          std::optional<Expectation> const& seen) {
  if (seen) {
    if (auto const e = check_expectation(tent, command, *seen); e != Error::none) {
      Decision d;
      d.error = e;
      return d;
    }
  }
  return tent.decide(command, now);
}

}  // namespace tent
