#pragma once
// A server-wide budget of wrong secrets, on top of the per-address Throttle: an attacker with many
// addresses (the tent Wi-Fi hands them out freely) gets no more guesses than the budget allows.
// Pure: the caller passes `now`.
//
// Policy (defaults in GuessBudgetPolicy): up to 30 wrong secrets within any minute cost nothing.
// Each wrong secret beyond that pauses PIN checks for everyone the caller subjects to the budget,
// for 1 s, then 2 s, 4 s ... up to 60 s; the pause length starts again from 1 s once a minute
// passes with no more than 30. While paused the caller refuses checks without verifying them, so
// guessing runs at about the budget: some thirty-five a minute instead of thousands.

#include "core/types.hpp"

#include <cstddef>
#include <deque>

namespace tent::auth {

struct GuessBudgetPolicy {
  std::size_t per_minute = 30;
  Millis first_pause = seconds(1);
  Millis max_pause = seconds(60);
};

class GuessBudget {
public:
  explicit GuessBudget(GuessBudgetPolicy policy = {});

  // 0 when a check may run now, else the milliseconds until the pause ends.
  Millis retry_after(Millis now) const;
  // Records a wrong secret. Returns the pause it started (0 within the budget), so the caller can log it.
  Millis failure(Millis now);
  // Wrong secrets in the minute before `now`.
  std::size_t recent(Millis now);

private:
  void forget_before(Millis cutoff);

  GuessBudgetPolicy policy_;
  std::deque<Millis> failures_;  // times of the wrong secrets of the last minute, oldest first
  Millis paused_until_ = 0;
  Millis next_pause_;
};

}  // namespace tent::auth
