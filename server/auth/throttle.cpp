#include "auth/throttle.hpp"

#include <algorithm>
#include <limits>

namespace tent::auth {

Throttle::Throttle(ThrottlePolicy policy) : policy_(policy) {}

Millis Throttle::retry_after(std::string const& key, Millis now) const {
  auto const it = entries_.find(key);
  if (it == entries_.end()) return 0;
  return std::max<Millis>(0, it->second.locked_until - now);
}

void Throttle::failure(std::string const& key, Millis now) {
  if (!swept_ || now - last_sweep_ >= policy_.sweep_interval) sweep(now);

  auto it = entries_.find(key);
  if (it != entries_.end() && forgotten(it->second, now)) {
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    if (entries_.size() >= policy_.max_keys) {
      sweep(now);
      while (!entries_.empty() && entries_.size() >= policy_.max_keys) drop_oldest();
    }
    it = entries_.emplace(key, Entry{}).first;
  }

  Entry& entry = it->second;
  if (entry.failures < std::numeric_limits<int>::max()) ++entry.failures;
  entry.last_failure = now;
  entry.locked_until = now + lock_for(entry.failures);
}

void Throttle::success(std::string const& key) { entries_.erase(key); }

std::size_t Throttle::size() const { return entries_.size(); }

bool Throttle::forgotten(Entry const& entry, Millis now) const {
  return now - entry.locked_until > policy_.forget_after;
}

Millis Throttle::lock_for(int failures) const {
  if (failures < policy_.lock_from_failure) return 0;
  Millis lock = policy_.first_lock;
  for (int i = policy_.lock_from_failure; i < failures && lock < policy_.max_lock; ++i) lock *= 2;
  return std::min(lock, policy_.max_lock);
}

void Throttle::sweep(Millis now) {
  std::erase_if(entries_, [&](auto const& item) { return forgotten(item.second, now); });
  last_sweep_ = now;
  swept_ = true;
}

// Linear in the number of keys; runs only when the map is full of keys that are not yet forgotten.
void Throttle::drop_oldest() {
  auto const oldest = std::min_element(entries_.begin(), entries_.end(), [](auto const& a, auto const& b) {
    return a.second.last_failure < b.second.last_failure;
  });
  entries_.erase(oldest);
}

}  // namespace tent::auth
