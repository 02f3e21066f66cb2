#pragma once
// A staffing plan as JSON (the Plan page's POST /api/plan, `massage-tent simulate PLAN.json`) read
// into the simulator's terms, and its answers written back. The fields, their units and ranges:
// docs/planning.md. Times of day are "H:MM" or "H:MM:SS" (up to 47:59:59 for a night race) or
// seconds since midnight; on the way out they are "HH:MM:SS" with a twin in seconds ("..._s").

#include "core/simulator.hpp"
#include "protocol/errors.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace tent::protocol {

inline constexpr std::int32_t max_plan_finishers = 100000;  // finishers (or finish times) in one plan
// The most runners a staffing search may put through the core (sim::search_work): 10 s of work or
// less on a laptop; a 30,000-finisher marathon at 25 % take-up needs a seventh of it.
inline constexpr std::int64_t max_plan_search_work = 3'000'000;
inline constexpr std::size_t max_plan_steps = 96;  // steps of a shift plan (every 15 minutes of a day)

struct PlanRequest {
  sim::Plan plan;
  std::optional<sim::Goal> goal;         // "goal": search the fewest tables per hour
  bool replay = false;                   // the arrivals are a recorded day's (then what happened is worth showing)
  std::size_t skipped_finish_times = 0;  // rows of the results CSV without a finish time (DNF, notes)
};

struct PlanDecoded {
  std::optional<PlanRequest> request;
  WireError error;  // when there is no request
};

// `recorded` is the day "arrivals": "recorded", "session": {"dist": "recorded"} and a missing
// "tables" draw on; without one, asking for it refuses (422 invalid_field).
PlanDecoded decode_plan(nlohmann::json const& body, sim::Recorded const* recorded = nullptr);

// Whether the plan draws on a recorded day ("arrivals" or the session's "dist" is "recorded").
bool plan_replays(nlohmann::json const& body);

// The finish clock times in a results CSV: the column headed finish, finish_time, time or clock
// (else the first; without a header, the first row's column holding a time), one "H:MM:SS" (or
// "H:MM") per row; rows without one are counted, not read.
struct FinishTimes {
  std::vector<Millis> times;
  std::size_t skipped = 0;
  std::string error;  // no usable time at all
};
FinishTimes parse_finish_times_csv(std::string_view text);

// "HH:MM:SS" for a time since midnight; hours go past 24 for a day that runs on.
std::string clock_text(Millis t);
// A time of day (see above) in ms since midnight; nullopt when it is not one.
std::optional<Millis> parse_clock(std::string_view text);

nlohmann::json result_json(sim::Result const& result);
nlohmann::json shifts_json(std::vector<sim::Staffing> const& shifts);
nlohmann::json staffed_json(sim::Staffed const& staffed);

}  // namespace tent::protocol
