#pragma once
// The tent on a virtual clock, for planning before race day: simulated runners arrive, check in,
// walk to the table they are called to (or never come), lie on it for a session and leave; the
// tables open and close as a shift plan says. Every step is a command the real core decides and
// applies (Tent::execute): auto-assign, the no-show policy, changeovers and the closing time are
// the tent's own code, not a second model of it.
//
// Pure and deterministic: no clock, no I/O; the same plan (with its seed) gives the same result.
// Times are milliseconds from the race day's midnight (a plan starting at 0 is fine).

#include "core/events.hpp"
#include "core/types.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace tent::sim {

// How long a session lasts on the table, drawn for each runner.
struct SessionLength {
  enum class Kind { fixed, exponential, lognormal, samples };
  Kind kind = Kind::fixed;
  Millis mean = seconds(600);
  double cv = 0.3;                   // lognormal: standard deviation over mean
  std::vector<Millis> samples = {};  // samples: drawn uniformly from these (a recorded day's sessions)
};

// From `at` on (until the next step), `tables` tables are staffed. Before the first step none is.
struct Staffing {
  Millis at = 0;
  std::int32_t tables = 0;
  bool operator==(Staffing const&) const = default;
};

struct Plan {
  std::vector<Millis> arrivals;  // when each runner reaches the tent, ascending
  std::vector<Staffing> shifts;  // ascending `at`
  SessionLength session;
  Millis walk = 0;          // from being called to lying on the table
  double no_show_rate = 0;  // share of runners who, called, never come (they left)
  double walkout_rate = 0;  // share of runners who leave the line once they have waited walkout_after
  Millis walkout_after = seconds(20 * 60);
  // The tent's settings: changeover, call timeout, no-show policy, closing time (ms from midnight).
  // session_target_s only seeds the wait estimate. With a shift plan that closes tables during
  // the day, the changeover is at least a second: a table closes between two sessions.
  Settings settings = {};
  std::uint64_t seed = 1;
  Millis bucket = seconds(15 * 60);  // the width of the result's time slices, counted from midnight
};

// Waits from check-in to lying on the table, less time lost to a no-show (as the tent counts them).
struct Waits {
  std::int32_t count = 0;
  double mean_s = 0;
  Millis p50 = 0, p90 = 0, max = 0;
  bool operator==(Waits const&) const = default;
};

// One time slice of the day.
struct Bucket {
  Millis from = 0;
  std::int32_t arrivals = 0;     // runners who reached the tent
  std::int32_t turned_away = 0;  // of them, refused by the closing time
  std::int32_t started = 0;      // sessions begun
  std::int32_t walkouts = 0;
  double queue_mean = 0;  // runners waiting, averaged over the slice
  std::int32_t queue_max = 0;
  double tables = 0;       // staffed tables, averaged over the slice
  double utilisation = 0;  // share of staffed table time spent in session
  Waits wait;              // of the runners who checked in during the slice
  bool operator==(Bucket const&) const = default;
};

struct Result {
  std::int32_t arrivals = 0;      // runners who reached the tent
  std::int32_t turned_away = 0;   // refused at the kiosk by the closing time
  std::int32_t served = 0;        // of those checked in, had a session
  std::int32_t walkouts = 0;      // left the line
  std::int32_t no_shows = 0;      // called, never came, dropped by the no-show policy
  std::int32_t left_waiting = 0;  // still in line when the day ended: no table left to serve them
  Waits wait;                     // of the runners served
  double utilisation = 0;         // session time over staffed table time, whole day
  Millis clear_at = 0;            // when the last runner in line was called (0: nobody queued, or left_waiting)
  Millis end = 0;                 // when the last event happened
  std::vector<Bucket> buckets;    // from the first arrival's slice to the end
  bool operator==(Result const&) const = default;
};

Result simulate(Plan const& plan);

// Arrivals of a Poisson process at `per_hour` over [0, span), seeded.
std::vector<Millis> poisson_arrivals(double per_hour, Millis span, std::uint64_t seed);

// A race's finishers, when no list of finish times is at hand: `count` runners started at `start`
// and finish after a lognormal time through `median` (half have finished) and `p90` (90 % have),
// never before `first` nor after `last` (the cut-off). Clock times, ascending.
struct FinishCurve {
  Millis start = 0;
  std::int32_t count = 0;
  Millis median = 0, p90 = 0, first = 0, last = 0;  // from the start
};
std::vector<Millis> finish_times(FinishCurve const& curve, std::uint64_t seed);

// Those of the finishers who come to the tent: each with probability `take_up`, `delay` plus up
// to `spread` (uniformly) after finishing. Ascending.
std::vector<Millis> tent_arrivals(std::vector<Millis> const& finishes, double take_up, Millis delay, Millis spread,
                                  std::uint64_t seed);

// A day the tent recorded, for "what if" replays: when runners joined the line, how long sessions
// and walks took, and how many tables were staffed (open, not on break) from when. Clock times.
struct Recorded {
  std::vector<Millis> arrivals;
  std::vector<Millis> sessions, walks;
  std::vector<Staffing> shifts;
  Result actual;  // what happened, as a simulation reports it: arrivals, waits, served, walkouts
};
// Reads a tent's day from its batches (stored order) as times from `midnight` (the local midnight
// on the tent's clock), in slices of `bucket`.
Recorded recorded_day(std::vector<Batch> const& batches, Millis midnight, Millis bucket = seconds(15 * 60));

// The 90th-percentile rule an organiser plans by: every hour's arrivals wait at most `p90` (90 % of
// them), with at most `max_tables` tables at once. `fewest_tables` first finds the fewest tables at
// once (the same count all day) that keep the rule, then searches the table count of each hour, from
// the first arrival's hour to the last's (the last count holds until the line is clear), in order:
// for each hour the fewest tables up to that peak that keep the rule in every hour, the hours after
// it still at the peak. So no hour of the answer can lose a table without breaking the rule
// somewhere, and a looser goal never needs more tables at once than a stricter one.
// Hours the most tables cannot keep (met = false) keep the most, and may wait no longer than they
// do with the most everywhere. A walkout counts as waiting as long as it stayed; no hour may turn
// away more runners at the closing time than the most tables do.
struct Goal {
  Millis p90 = seconds(15 * 60);
  std::int32_t max_tables = 60;
  Millis step = seconds(3600);
};
struct Staffed {
  std::vector<Staffing> shifts;  // one step per hour
  Result result;                 // the plan run with these shifts
  bool met = false;              // false when even max_tables cannot keep the rule in some hour
  std::int32_t runs = 0;         // simulations the search made
};
Staffed fewest_tables(Plan const& plan, Goal const& goal);
// The steps (hours) `fewest_tables` staffs: from the first arrival's to the last's.
std::int64_t searched_hours(Plan const& plan, Goal const& goal);
// The most runners `fewest_tables` may put through the core for this plan: its arrivals times the
// most days it simulates (the bound, the peak's and each hour's bisection, the answer). About 2 µs
// each, so a caller can refuse a search that would take minutes before starting it.
std::int64_t search_work(Plan const& plan, Goal const& goal);

}  // namespace tent::sim
