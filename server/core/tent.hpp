#pragma once
// The tent: queue, tables and everything derived from them, as a pure state machine.
//
//   decide(command, now) -> Decision { error | events }   (reads state, changes nothing)
//   apply(batch)                                           (the only way state changes)
//
// The server decides, commits the batch to the store, then applies it; on start it applies
// every stored batch in order. Invariants (checked by check_invariants, tested on random runs):
//   - a bib is in at most one place: the queue, or one table;
//   - a table serves at most one runner, and a called/in-session table's runner points back at it;
//   - the queue holds only waiting tickets, each once, so positions are 1..n without gaps;
//   - a bib with an open medical referral is referred (not in line);
//   - a ticket with a session record or the runner's feedback had a finished session: done, or
//     referred from the table.

#include "commands.hpp"
#include "events.hpp"
#include "line.hpp"
#include "referrals.hpp"
#include "types.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tent {

// The therapist's record of a finished session (ev::SessionRecorded): staff eyes only.
struct SessionRecord {
  std::vector<Area> areas;
  SessionOutcome outcome = SessionOutcome::invalid;
  std::string note;
  std::string therapist;  // who gave the session
  Millis at = 0;          // when it was recorded (last changed)

  bool operator==(SessionRecord const&) const = default;
};

// The runner's answer after the session (ev::FeedbackGiven): organisers' eyes only.
struct Feedback {
  std::int32_t legs = 0;  // 1 very sore .. 5 great
  std::optional<bool> come_back;
  Millis first_at = 0;       // the first answer: it may be changed until first_at + feedback_window
  Millis at = 0;             // the last change
  std::int32_t changes = 0;  // answers since the first (each one a change)

  bool operator==(Feedback const&) const = default;
};

struct Ticket {
  Bib bib;
  TicketStatus status = TicketStatus::invalid;
  std::vector<Area> areas;
  std::vector<RedFlag> red_flags;
  std::string category;
  bool priority = false;
  bool requeued = false;  // already sent back once after a no-show
  Millis checked_in_at = 0;
  Millis first_called_at = 0;  // 0 until called
  Millis called_at = 0;
  Millis started_at = 0;
  Millis finished_at = 0;
  Millis excluded_ms = 0;  // time lost to a no-show, left out of the wait statistic
  std::int32_t quoted_wait_s = -1;
  std::optional<TableId> table;  // while called or in session, and the table that served them
  std::string therapist;         // who gave the session
  std::int32_t visits = 0;       // sessions completed today
  // The record of this visit's session, once the therapist made one (only after a finish: served,
  // or sent to medical from the table); an undone finish drops it.
  std::optional<SessionRecord> record;
  // The visit's status key (given to the kiosk that checked the runner in; empty for a referral at
  // the kiosk and for visits recorded before keys) and the runner's answer, once given.
  std::string key;
  std::optional<Feedback> feedback;

  bool operator==(Ticket const&) const = default;
};

// What the last volunteer action on a table changed, so that Undo can put it back.
struct UndoRecord {
  enum class Kind { none, arrived, finished, no_show } kind = Kind::none;
  Millis at = 0;
  Bib bib;                                       // the runner the action was about
  TableState table_state = TableState::invalid;  // table state before the action
  Millis table_since = 0;
  Millis called_at = 0;
  Millis started_at = 0;
  std::optional<Bib> auto_called;       // a runner the action's freed table called straight after
  bool requeued = false;                // for no_show: the runner went back to the queue
  bool medical = false;                 // for finished: the runner was sent to the medical tent
  std::optional<Millis> changeover_ms;  // for finished: the changeover that ended since

  bool operator==(UndoRecord const&) const = default;
};

struct Table {
  TableId id = 0;
  std::string name;
  std::string therapist;
  TableState state = TableState::closed;
  Millis since = 0;  // when the current state began
  Bib bib;           // the runner while called or in session
  Millis called_at = 0;
  Millis started_at = 0;
  std::int32_t served = 0;
  Millis open_ms = 0;  // time spent open (not closed, not on break), up to `since`
  Millis busy_ms = 0;  // time spent in session
  UndoRecord last;

  bool operator==(Table const&) const = default;
};

// The turnover samples behind the wait estimates: recent walk, session and changeover times.
struct Turnover {
  static constexpr std::size_t window = 20;
  std::deque<Millis> walks, sessions, changeovers;

  bool operator==(Turnover const&) const = default;
};

// A therapist's shift at a table: from their name going on it (or the table opening with it) until
// another name or none goes on it, or the table closes; a break is part of the shift. `to` is 0
// while it goes on. The sessions they gave there (the runner lay down during this shift; one ended
// by a referral from the table too) count here, with their time.
struct TherapistShift {
  std::string therapist;
  TableId table = 0;
  Millis from = 0, to = 0;
  std::int32_t sessions = 0;
  Millis busy_ms = 0;

  bool operator==(TherapistShift const&) const = default;
};

// Raw samples the statistics are computed from (see stats.hpp).
struct History {
  std::vector<Millis> waits_ms;  // check-in to session start, less no-show time
  std::vector<Millis> walks_ms;  // called to arrived
  std::vector<Millis> sessions_ms;
  std::vector<Millis> changeovers_ms;
  std::vector<std::pair<std::int32_t, Millis>> quotes;        // (quoted wait s, actual wait to first call ms)
  std::vector<Millis> finished_at;                            // throughput
  std::vector<Millis> joined_at;                              // each check-in into the line (arrivals)
  std::vector<std::pair<Millis, std::int32_t>> queue_length;  // (time, length) at each change
  std::map<std::string, std::int32_t> served_by_therapist;
  std::map<std::string, Millis> busy_by_therapist;
  std::vector<TherapistShift> shifts;  // in the order they began
  std::int32_t checked_in = 0, served = 0, no_shows = 0, walkouts = 0, removed = 0;
  std::int32_t referrals = 0;  // at the kiosk and from tables (see Referrals for each)

  bool operator==(History const&) const = default;
};

struct TentState;

struct Decision {
  Error error = Error::none;
  std::vector<Event> events;
  // The runner a refused check-in collided with (already queued / served), for the 409 reply,
  // or, with `replayed`, the runner an earlier check-in with the same request id produced.
  std::optional<Bib> existing;
  bool replayed = false;
  std::string elsewhere;  // with waiting_elsewhere: the id of the tent the bib is at (core/tents.hpp)
  bool ok() const { return error == Error::none; }
};

class Tent {
public:
  // Everything the tent holds, as a plain value (for snapshots), and the tent rebuilt from one:
  // restore(t.state()) decides and applies every later command exactly as t does.
  TentState state() const;
  static Tent restore(TentState state);

  Decision decide(Command const& command, Millis now) const;
  void apply(Batch const& batch);

  // decide, and apply when allowed: the shorthand of the core tests and the benchmarks (the server
  // decides and applies apart, with the store's commit between).
  Decision execute(Command const& command, Millis now);

  Settings const& settings() const { return settings_; }
  std::vector<Table> const& tables() const { return tables_; }
  Line const& queue() const { return queue_; }
  Ticket const* ticket(Bib const& bib) const;
  RosterEntry const* roster_entry(Bib const& bib) const;
  std::unordered_map<Bib, RosterEntry> const& roster() const { return roster_; }
  std::unordered_map<Bib, Ticket> const& tickets() const { return tickets_; }
  // The visits a new check-in replaced (a repeat, a return after a walk-out), oldest first: what
  // happened in them stays in the export and the statistics.
  std::vector<Ticket> const& earlier_visits() const { return earlier_visits_; }
  // Every visit of the day: each runner's latest (tickets()), then the earlier ones.
  template <class F>
  void for_each_visit(F&& f) const {
    for (auto const& [bib, t] : tickets_) f(t);
    for (auto const& t : earlier_visits_) f(t);
  }
  std::string const& announcement() const { return announcement_; }
  // The announcement's text per language code (empty when it has none).
  std::map<std::string, std::string> const& announcement_translations() const { return announcement_translations_; }
  Table const* table(TableId id) const;
  History const& history() const { return history_; }
  Turnover const& turnover() const { return turnover_; }
  Referrals const& referrals() const { return referrals_; }
  // The bib a check-in with this request id produced, if any.
  std::optional<Bib> request(std::string const& request_id) const;
  // 1-based place in the queue, or 0 when not waiting (O(log n)).
  std::int32_t position(Bib const& bib) const;
  Millis last_at() const { return last_at_; }
  // What the last apply did to the queue, in order: replayed on the queue before it, these give
  // the queue after it. A record of the last batch (for its update frame), not part of the state.
  std::vector<LineChange> const& queue_changes() const { return queue_changes_; }

  // Empty when every invariant holds; otherwise a description of the first broken one.
  std::string check_invariants() const;
  // Whether the ticket's visit ended with a finished session: served, or sent to medical from the
  // table. Only then may the therapist record it (cmd::RecordSession).
  bool session_finished(Ticket const& t) const;

private:
  Decision decide_checkin(cmd::CheckIn const& c, Millis now) const;
  Decision decide_referral(Command const& command) const;
  Decision decide_create_tables(cmd::CreateTable const& c) const;
  Decision decide_record(cmd::RecordSession const& c) const;
  // The runner's answer: the visit's key, a finished session, and within the hour after the first.
  Decision decide_feedback(cmd::GiveFeedback const& c, Millis now) const;
  void refer_at_kiosk(ev::Referred const& e, Millis at);
  void refer_from_table(Table const& t, Ticket& r, Millis at);
  void apply_event(Event const& e, Millis at);
  Table& table_at(TableId id);
  Ticket& ticket_mut(Bib const& bib);
  // The bib's ticket made new for a new visit (only the count of sessions carries over), the
  // earlier visit, if any, kept in earlier_visits_.
  Ticket& new_visit(Bib const& bib);
  void set_state(Table& t, TableState s, Millis at);
  void open_state(TableId id, TableState s, Millis at);
  void undo(Table& t, Millis at);
  void end_shift(TableId table, Millis at);
  void start_shift(Table const& t, Millis at);
  // The latest shift of `therapist` at `table`, which a session there is credited to (none: nullptr).
  TherapistShift* shift_of(std::string const& therapist, TableId table, Millis started_at);
  void enqueue(Bib const& bib, bool front);
  void insert_at(std::size_t index, Bib const& bib, bool priority);
  void dequeue(Bib const& bib);
  void note_queue_length(Millis at);
  // Auto-assign: calls the first waiting runners to the freed tables, in order.
  void add_auto_calls(Decision& d, std::vector<TableId> const& freed) const;
  void add_calls(Decision& d, std::vector<TableId> const& freed) const;
  std::vector<TableId> free_tables() const;
  Decision table_action(TableId id, Millis now, Command const& command) const;

  Settings settings_;
  std::vector<Table> tables_;  // index = id - 1
  Line queue_;                 // waiting runners, in order
  std::unordered_map<Bib, Ticket> tickets_;
  std::vector<Ticket> earlier_visits_;
  std::unordered_map<Bib, RosterEntry> roster_;
  std::unordered_map<std::string, Bib> requests_;
  std::string announcement_;
  std::map<std::string, std::string> announcement_translations_;
  History history_;
  Turnover turnover_;
  Referrals referrals_;
  Millis last_at_ = 0;
  std::vector<LineChange> queue_changes_;
};

}  // namespace tent
