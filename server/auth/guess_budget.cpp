#include "auth/guess_budget.hpp"

#include <algorithm>

namespace tent::auth {

namespace {
constexpr Millis window = seconds(60);
}

GuessBudget::GuessBudget(GuessBudgetPolicy policy) : policy_(policy), next_pause_(policy.first_pause) {}

Millis GuessBudget::retry_after(Millis now) const { return std::max<Millis>(0, paused_until_ - now); }

std::size_t GuessBudget::recent(Millis now) {
  forget_before(now - window);
  return failures_.size();
}

Millis GuessBudget::failure(Millis now) {
  forget_before(now - window);
  if (failures_.size() < policy_.per_minute) next_pause_ = policy_.first_pause;  // back within the budget
  failures_.push_back(now);
  if (failures_.size() <= policy_.per_minute) return 0;
  // Over the budget: only the newest per_minute + 1 times matter for the count, so the deque stays small.
  while (failures_.size() > policy_.per_minute + 1) failures_.pop_front();
  Millis const pause = next_pause_;
  paused_until_ = std::max(paused_until_, now + pause);
  next_pause_ = std::min(next_pause_ * 2, policy_.max_pause);
  return pause;
}

void GuessBudget::forget_before(Millis cutoff) {
  while (!failures_.empty() && failures_.front() <= cutoff) failures_.pop_front();
}

}  // namespace tent::auth
