// Tent::apply: the only code that changes the tent's state. It trusts its events (decide has
// checked them, or they were committed by a server that did), so it never refuses one.

#include "core/overloaded.hpp"
#include "core/tent.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace tent {
namespace {

template <class Container>
void erase_one(Container& c, Millis value) {
  auto it = std::find(c.rbegin(), c.rend(), value);
  if (it != c.rend()) c.erase(std::next(it).base());
}

template <class Container>
void push_window(Container& c, Millis value) {
  c.push_back(value);
  if (c.size() > Turnover::window) c.pop_front();
}

// What an undoable action is about to change on table `t`.
UndoRecord undo_record(UndoRecord::Kind kind, Millis at, Table const& t) {
  UndoRecord r;
  r.kind = kind;
  r.at = at;
  r.bib = t.bib;
  r.table_state = t.state;
  r.table_since = t.since;
  r.called_at = t.called_at;
  r.started_at = t.started_at;
  return r;
}

bool counts_as_open(TableState s) { return s != TableState::closed && s != TableState::on_break; }

}  // namespace

// Events name existing tables (decide checked them); a bad id in a stored event throws.
Table& Tent::table_at(TableId id) { return tables_.at(static_cast<std::size_t>(id) - 1); }

Ticket& Tent::ticket_mut(Bib const& bib) {
  auto& t = tickets_[bib];
  t.bib = bib;
  return t;
}

Ticket& Tent::new_visit(Bib const& bib) {
  auto& t = tickets_[bib];
  auto const visits = t.visits;
  if (!t.bib.empty()) earlier_visits_.push_back(std::move(t));
  t = Ticket{};
  t.bib = bib;
  t.visits = visits;
  return t;
}

void Tent::set_state(Table& t, TableState s, Millis at) {
  if (counts_as_open(t.state)) t.open_ms += at - t.since;
  t.state = s;
  t.since = at;
}

void Tent::enqueue(Bib const& bib, bool front) {
  bool const priority = tickets_.at(bib).priority;
  // Priority runners go ahead of everyone else, after the priority runners already waiting.
  insert_at(front ? 0 : priority ? queue_.first_ordinary() : queue_.size(), bib, priority);
}

void Tent::insert_at(std::size_t index, Bib const& bib, bool priority) {
  index = std::min(index, queue_.size());
  queue_.insert(index, bib, priority);
  queue_changes_.push_back({bib, index, true});
}

void Tent::dequeue(Bib const& bib) {
  if (!queue_.erase(bib)) return;
  // Out again straight after going in (a check-in called at once): neither change is news.
  auto& changes = queue_changes_;
  if (!changes.empty() && changes.back().insert && changes.back().bib == bib)
    changes.pop_back();
  else
    changes.push_back({bib, 0, false});
}

void Tent::note_queue_length(Millis at) {
  auto const n = static_cast<std::int32_t>(queue_.size());
  auto& series = history_.queue_length;
  if (!series.empty() && series.back().second == n) return;
  if (!series.empty() && series.back().first == at)
    series.back().second = n;
  else
    series.emplace_back(at, n);
}

void Tent::apply(Batch const& batch) {
  queue_changes_.clear();
  for (auto const& e : batch.events) apply_event(e, batch.at);
  note_queue_length(batch.at);
  last_at_ = batch.at;
}

void Tent::apply_event(Event const& event, Millis at) {
  std::visit(overloaded{
                 [&](ev::CheckedIn const& e) {
                   auto& t = new_visit(e.bib);
                   t.status = TicketStatus::waiting;
                   t.areas = e.areas;
                   t.category = e.category;
                   t.priority = e.priority;
                   t.checked_in_at = at;
                   t.quoted_wait_s = e.quoted_wait_s;
                   t.key = e.key;
                   if (!e.request_id.empty()) requests_[e.request_id] = e.bib;
                   if (e.was_referred) referrals_.clear(e.bib, at, "add_runner");
                   enqueue(e.bib, false);
                   ++history_.checked_in;
                   history_.joined_at.push_back(at);
                 },
                 [&](ev::Referred const& e) {
                   auto& t = new_visit(e.bib);
                   t.status = TicketStatus::referred;
                   t.red_flags = e.red_flags;
                   t.checked_in_at = at;
                   if (!e.request_id.empty()) requests_[e.request_id] = e.bib;
                   ++history_.referrals;
                   refer_at_kiosk(e, at);
                 },
                 [&](ev::WalkedOut const& e) {
                   dequeue(e.bib);
                   ticket_mut(e.bib).status = TicketStatus::walked_out;
                   ++history_.walkouts;
                 },
                 [&](ev::Removed const& e) {
                   dequeue(e.bib);
                   ticket_mut(e.bib).status = TicketStatus::removed;
                   ++history_.removed;
                 },
                 [&](ev::PrioritySet const& e) {
                   dequeue(e.bib);
                   ticket_mut(e.bib).priority = e.on;
                   // On: behind the priority runners already waiting; off: first behind the rest of them.
                   insert_at(queue_.first_ordinary(), e.bib, e.on);
                 },
                 [&](ev::Moved const& e) {
                   dequeue(e.bib);
                   insert_at(static_cast<std::size_t>(e.position - 1), e.bib,
                             ticket_mut(e.bib).priority);  // clamped to the end
                 },
                 [&](ev::TableCreated const& e) {
                   Table t;
                   t.id = e.table;
                   t.name = e.name;
                   t.since = at;
                   tables_.push_back(std::move(t));
                 },
                 [&](ev::TableRenamed const& e) { table_at(e.table).name = e.name; },
                 [&](ev::TherapistSet const& e) {
                   auto& t = table_at(e.table);
                   if (t.therapist == e.name) return;
                   end_shift(e.table, at);
                   t.therapist = e.name;
                   start_shift(t, at);
                 },
                 [&](ev::TableOpened const& e) {
                   open_state(e.table, TableState::free, at);
                   start_shift(table_at(e.table), at);
                 },
                 [&](ev::TableClosed const& e) {
                   end_shift(e.table, at);
                   open_state(e.table, TableState::closed, at);
                 },
                 [&](ev::BreakStarted const& e) { open_state(e.table, TableState::on_break, at); },
                 [&](ev::BreakEnded const& e) { open_state(e.table, TableState::free, at); },
                 [&](ev::ChangeoverEnded const& e) {
                   auto& t = table_at(e.table);
                   auto const took = at - t.since;
                   history_.changeovers_ms.push_back(took);
                   push_window(turnover_.changeovers, took);
                   if (t.last.kind == UndoRecord::Kind::finished) t.last.changeover_ms = took;
                   set_state(t, TableState::free, at);
                 },
                 [&](ev::Called const& e) {
                   dequeue(e.bib);
                   auto& r = ticket_mut(e.bib);
                   if (r.first_called_at == 0) {
                     r.first_called_at = at;
                     if (r.quoted_wait_s >= 0) history_.quotes.emplace_back(r.quoted_wait_s, at - r.checked_in_at);
                   } else {
                     r.excluded_ms += at - r.called_at;  // sent back after a no-show: not the tent's wait
                   }
                   r.status = TicketStatus::called;
                   r.called_at = at;
                   r.table = e.table;
                   auto& t = table_at(e.table);
                   t.bib = e.bib;
                   t.called_at = at;
                   t.started_at = 0;
                   set_state(t, TableState::called, at);
                   bool const follows_undoable =
                       t.last.kind == UndoRecord::Kind::finished || t.last.kind == UndoRecord::Kind::no_show;
                   if (follows_undoable && !t.last.auto_called) t.last.auto_called = e.bib;
                 },
                 [&](ev::Recalled const&) {},
                 [&](ev::Arrived const& e) {
                   auto& t = table_at(e.table);
                   auto& r = ticket_mut(t.bib);
                   t.last = undo_record(UndoRecord::Kind::arrived, at, t);
                   auto const walk = at - t.called_at;
                   auto const wait = at - r.checked_in_at - r.excluded_ms;
                   history_.walks_ms.push_back(walk);
                   history_.waits_ms.push_back(wait);
                   push_window(turnover_.walks, walk);
                   r.status = TicketStatus::in_session;
                   r.started_at = at;
                   r.therapist = t.therapist;
                   t.started_at = at;
                   set_state(t, TableState::in_session, at);
                 },
                 [&](ev::Finished const& e) {
                   auto& t = table_at(e.table);
                   auto& r = ticket_mut(t.bib);
                   t.last = undo_record(UndoRecord::Kind::finished, at, t);
                   auto const session = at - t.started_at;
                   // The therapist the runner lay down with, wherever they are now.
                   history_.busy_by_therapist[r.therapist] += session;
                   // A session ended by a referral from the table is a session the therapist gave too.
                   if (auto* shift = shift_of(r.therapist, t.id, t.started_at)) {
                     shift->busy_ms += session;
                     ++shift->sessions;
                   }
                   r.finished_at = at;
                   t.busy_ms += session;
                   if (e.outcome == Outcome::medical) {  // table time used, but no massage served
                     t.last.medical = true;
                     refer_from_table(t, r, at);
                   } else {
                     history_.sessions_ms.push_back(session);
                     history_.finished_at.push_back(at);
                     push_window(turnover_.sessions, session);
                     ++history_.served;
                     ++history_.served_by_therapist[r.therapist];
                     r.status = TicketStatus::done;
                     ++r.visits;
                     ++t.served;
                   }
                   t.bib.clear();
                   set_state(t, settings_.changeover_s > 0 ? TableState::changeover : TableState::free, at);
                 },
                 [&](ev::NoShowed const& e) {
                   auto& t = table_at(e.table);
                   auto const bib = t.bib;
                   auto& r = ticket_mut(bib);
                   t.last = undo_record(UndoRecord::Kind::no_show, at, t);
                   t.last.requeued = e.requeued;
                   ++history_.no_shows;
                   r.table.reset();
                   if (e.requeued) {
                     r.requeued = true;
                     r.status = TicketStatus::waiting;
                     enqueue(bib, true);
                   } else {
                     r.status = TicketStatus::no_show;
                   }
                   t.bib.clear();
                   set_state(t, TableState::free, at);
                 },
                 [&](ev::Undone const& e) { undo(table_at(e.table), at); },
                 [&](ev::SettingsChanged const& e) { settings_ = e.settings; },
                 [&](ev::RosterLoaded const& e) {
                   roster_.clear();
                   for (auto const& r : e.entries) roster_.emplace(r.bib, r);
                 },
                 [&](ev::Announced const& e) {
                   announcement_ = e.text;
                   announcement_translations_ = e.translations;
                 },
                 [&](ev::ReferralAcknowledged const& e) { referrals_.acknowledge(e.bib, at, e.by); },
                 [&](ev::ReferralCleared const& e) { referrals_.clear(e.bib, at, e.by); },
                 [&](ev::SessionRecorded const& e) {
                   ticket_mut(e.bib).record = SessionRecord{e.areas, e.outcome, e.note, e.therapist, at};
                 },
                 [&](ev::FeedbackGiven const& e) {
                   auto& t = ticket_mut(e.bib);
                   auto const first_at = t.feedback ? t.feedback->first_at : at;
                   auto const changes = t.feedback ? t.feedback->changes + 1 : 0;
                   t.feedback = Feedback{e.legs, e.come_back, first_at, at, changes};
                 },
             },
             event);
}

// Opening, closing and breaks end any undo chance on the table.
void Tent::open_state(TableId id, TableState s, Millis at) {
  auto& t = table_at(id);
  t.last = UndoRecord{};
  set_state(t, s, at);
}

void Tent::end_shift(TableId table, Millis at) {
  for (auto it = history_.shifts.rbegin(); it != history_.shifts.rend(); ++it) {
    if (it->table == table && it->to == 0) {
      it->to = at;
      return;
    }
  }
}

void Tent::start_shift(Table const& t, Millis at) {
  if (!t.therapist.empty() && t.state != TableState::closed) history_.shifts.push_back({t.therapist, t.id, at});
}

// The shift a session counts on: the therapist's at the table when the runner lay down, even if
// they signed out and in again since (a later shift of the same name is not that one).
TherapistShift* Tent::shift_of(std::string const& therapist, TableId table, Millis started_at) {
  if (therapist.empty()) return nullptr;
  for (auto it = history_.shifts.rbegin(); it != history_.shifts.rend(); ++it)
    if (it->table == table && it->therapist == therapist && it->from <= started_at) return &*it;
  return nullptr;
}

void Tent::undo(Table& t, Millis at) {
  auto const last = t.last;
  t.last = UndoRecord{};
  // A runner the freed table called since goes back to the front of the queue.
  if (last.auto_called) {
    auto& next = ticket_mut(*last.auto_called);
    next.status = TicketStatus::waiting;
    next.table.reset();
    enqueue(*last.auto_called, true);
  }
  auto& r = ticket_mut(last.bib);
  switch (last.kind) {
    case UndoRecord::Kind::arrived:
      erase_one(history_.walks_ms, last.at - last.called_at);
      erase_one(history_.waits_ms, last.at - r.checked_in_at - r.excluded_ms);
      erase_one(turnover_.walks, last.at - last.called_at);
      r.status = TicketStatus::called;
      r.started_at = 0;
      break;
    case UndoRecord::Kind::finished: {
      auto const session = last.at - last.started_at;
      if (last.changeover_ms) {
        erase_one(history_.changeovers_ms, *last.changeover_ms);
        erase_one(turnover_.changeovers, *last.changeover_ms);
      }
      if (last.medical) {
        referrals_.withdraw(last.bib);
        --history_.referrals;
      } else {
        erase_one(history_.sessions_ms, session);
        erase_one(history_.finished_at, last.at);
        erase_one(turnover_.sessions, session);
        --history_.served;
        --history_.served_by_therapist[r.therapist];
        --t.served;
        --r.visits;
      }
      history_.busy_by_therapist[r.therapist] -= session;
      if (auto* shift = shift_of(r.therapist, t.id, last.started_at)) {
        shift->busy_ms -= session;
        --shift->sessions;
      }
      t.busy_ms -= session;
      r.status = TicketStatus::in_session;
      r.finished_at = 0;
      r.record.reset();  // a record of, or an answer on, the session undone: it is not over after all
      r.feedback.reset();
      break;
    }
    case UndoRecord::Kind::no_show:
      --history_.no_shows;
      if (last.requeued) {
        dequeue(last.bib);
        r.requeued = false;
      }
      r.status = TicketStatus::called;
      break;
    case UndoRecord::Kind::none:
      break;
  }
  r.table = t.id;
  t.bib = last.bib;
  t.called_at = last.called_at;
  t.started_at = last.started_at;
  set_state(t, last.table_state, at);
  // The restored state began before the action: count the time since then only once.
  t.open_ms -= at - last.table_since;
  t.since = last.table_since;
}

std::string Tent::check_invariants() const {
  if (auto const broken = queue_.check(); !broken.empty()) return "queue: " + broken;
  std::unordered_set<Bib> seen;
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    auto const& bib = *it;
    if (!seen.insert(bib).second) return "bib " + bib + " is in the queue twice";
    auto const* t = ticket(bib);
    if (!t || t->status != TicketStatus::waiting) return "queued bib " + bib + " is not waiting";
    if (it.priority() != t->priority) return "queued bib " + bib + " has the wrong priority in line";
  }
  for (auto const& table : tables_) {
    bool const serving = table.state == TableState::called || table.state == TableState::in_session;
    if (serving != !table.bib.empty()) return "table " + std::to_string(table.id) + " runner does not match its state";
    if (!serving) continue;
    if (!seen.insert(table.bib).second) return "bib " + table.bib + " is in two places";
    auto const* t = ticket(table.bib);
    auto const want = table.state == TableState::called ? TicketStatus::called : TicketStatus::in_session;
    if (!t || t->status != want || t->table != table.id)
      return "table " + std::to_string(table.id) + " runner's ticket disagrees";
  }
  // A table's open shift is its therapist's, while it is open; one at most.
  std::set<TableId> on_shift;
  for (auto const& shift : history_.shifts) {
    if (shift.to != 0) continue;
    auto const* table = this->table(shift.table);
    if (!table || table->state == TableState::closed || table->therapist != shift.therapist ||
        !on_shift.insert(shift.table).second)
      return "table " + std::to_string(shift.table) + " has a wrong open shift";
  }
  for (auto const& table : tables_)
    if (!table.therapist.empty() && table.state != TableState::closed && !on_shift.count(table.id))
      return "table " + std::to_string(table.id) + " has a therapist but no shift";
  for (auto const& [bib, t] : tickets_) {
    bool const placed =
        t.status == TicketStatus::waiting || t.status == TicketStatus::called || t.status == TicketStatus::in_session;
    if (placed != (seen.count(bib) == 1)) return "ticket " + bib + " status disagrees with where it is";
    if (referrals_.open(bib) && t.status != TicketStatus::referred) return "ticket " + bib + " has an open referral";
    if (t.record && !session_finished(t)) return "ticket " + bib + " has a session record without a finished session";
    if (t.feedback && !session_finished(t)) return "ticket " + bib + " has feedback without a finished session";
  }
  return {};
}

}  // namespace tent
