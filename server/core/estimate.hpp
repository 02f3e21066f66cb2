#pragma once
// Wait estimates. Each open table has a slot: the time until it can take its next call (0 when
// free; the rest of the walk, session and changeover otherwise, from moving averages). After
// that, each table turns over once per `turnover` (walk + session + changeover). The runner at
// position p is called at the p-th earliest of { slot_i + k * turnover }.
//
// The averages are over the last Turnover::window samples, blended with a prior of
// `prior_weight` default samples (the settings' session and changeover, a one-minute walk), so
// the first quotes of the day are sane and one odd session does not swing them.

#include "core/tent.hpp"

#include <optional>
#include <vector>

namespace tent {

struct Eta {
  Millis at = 0;              // the time the slots are measured from
  std::vector<Millis> slots;  // ms after `at`, ascending; one per open table
  Millis walk = 0, session = 0, changeover = 0;
  Millis turnover() const { return walk + session + changeover; }
};

inline constexpr Millis default_walk = seconds(60);
inline constexpr std::size_t prior_weight = 3;

Eta eta(Tent const& tent, Millis now);

// Ms from `eta.at` until the runner at `position` (1-based) is called; nullopt with no open table.
// O(1) when every slot is within one turnover, as eta() makes them; otherwise a simulation.
std::optional<Millis> wait_for(Eta const& eta, std::int32_t position);

// The waits of positions 1..count by simulating the tables' turnover with a heap, O(count log m):
// the definition wait_for's closed form is checked against, and its fallback.
std::vector<Millis> simulated_waits(Eta const& eta, std::size_t count);

// Seconds, rounded up, as quoted to runners; -1 when no estimate can be given.
std::int32_t quote_s(std::optional<Millis> wait);

}  // namespace tent
