#include "protocol/stale.hpp"

namespace tent::protocol {

namespace {

constexpr std::string_view first = ": someone else got there first.";

std::string bib_text(Bib const& bib) { return "bib " + bib; }

// What the table is doing now, told against what the client saw.
std::string table_change(Table const& t, Expectation const& seen) {
  auto const& name = t.name;
  bool const same_runner = !t.bib.empty() && t.bib == seen.bib;
  switch (t.state) {
    case TableState::closed:
      return name + " is already closed";
    case TableState::free:
      if (seen.state == TableState::changeover) return name + " is already ready";
      if (seen.state == TableState::on_break) return name + " is already back from its break";
      if (seen.state == TableState::closed) return name + " is already open";
      if (!seen.bib.empty()) return "Bib " + seen.bib + " is no longer on " + name;
      return name + " is already free";
    case TableState::called:
      if (same_runner && seen.state == TableState::in_session)
        return "The arrival of " + bib_text(t.bib) + " at " + name + " was already undone";
      return name + " has already called " + bib_text(t.bib);
    case TableState::in_session:
      if (same_runner && seen.state == TableState::called) return "Bib " + t.bib + " already arrived at " + name;
      if (same_runner && seen.state == TableState::changeover) return "The finish at " + name + " was already undone";
      return "Bib " + t.bib + " is already on " + name;
    case TableState::changeover:
      if (seen.state == TableState::in_session || seen.state == TableState::called) return name + " already finished";
      return name + " is already in changeover";
    case TableState::on_break:
      return name + " is already on a break";
    case TableState::invalid:
      break;
  }
  return name + " has changed";
}

std::string ticket_change(Tent const& tent, Ticket const& r, Expectation const& seen) {
  auto const bib = "Bib " + r.bib;
  std::string table = "a table";
  if (r.table)
    if (auto const* t = tent.table(*r.table)) table = t->name;
  switch (r.status) {
    case TicketStatus::waiting: {
      auto const place = tent.position(r.bib);
      return bib + " is now number " + std::to_string(place) + " in the queue, not " + std::to_string(seen.position);
    }
    case TicketStatus::called:
      return bib + " has already been called to " + table;
    case TicketStatus::in_session:
      return bib + " is already on " + table;
    case TicketStatus::done:
      return bib + " has already been served";
    case TicketStatus::referred:
      return bib + " was sent to the medical tent";
    case TicketStatus::walked_out:
      return bib + " has already left the queue";
    case TicketStatus::removed:
      return bib + " was already taken out of the queue";
    case TicketStatus::no_show:
      return bib + " was already dropped as a no-show";
    case TicketStatus::invalid:
      break;
  }
  return bib + " has changed";
}

WireError stale(std::string change) {
  WireError w = wire_error(Error::stale);
  w.message = std::move(change) + std::string(first);
  return w;
}

}  // namespace

WireError stale_table(Table const& now, Expectation const& seen) { return stale(table_change(now, seen)); }

WireError stale_ticket(Tent const& tent, Ticket const& now, Expectation const& seen) {
  return stale(ticket_change(tent, now, seen));
}

}  // namespace tent::protocol
