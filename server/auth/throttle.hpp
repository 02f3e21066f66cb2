#pragma once
// Slows down PIN guessing, per client address. Pure: the caller passes `now` and decides what a
// key is (the peer's IP address).
//
// Policy (defaults in ThrottlePolicy):
//   - Five attempts are free: failures 1 to 4 of a key cost nothing.
//   - The 5th consecutive failure locks the key for 30 s; every further failure locks it again,
//     counted from that failure, for twice the previous lock, up to 15 minutes.
//     So after 5 failures the 6th attempt waits 30 s, after 6 it waits 60 s, ... 480 s, then 900 s.
//   - A success forgets the key (the count starts again from zero).
//   - A key whose last failure or lock ended more than an hour ago is forgotten as if it had
//     succeeded. Forgotten keys are removed on failure() (a sweep at most once per minute), and
//     the map holds at most 10,000 keys: when a new key arrives and it is full, the key with the
//     oldest last failure is dropped. An attacker with more addresses than that can evict its own
//     locks; on a finish-line Wi-Fi that is accepted.
// The caller must check retry_after() before verifying a PIN, and refuse without verifying while
// it is non-zero; failure() during a lock is counted and extends the lock.

#include "core/types.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>

namespace tent::auth {

struct ThrottlePolicy {
  int lock_from_failure = 5;               // the consecutive failure that first locks the key
  Millis first_lock = seconds(30);         // lock set by failure number lock_from_failure
  Millis max_lock = seconds(15 * 60);      // doubling stops here
  Millis forget_after = seconds(60 * 60);  // quiet time after a lock (or last failure) ends
  Millis sweep_interval = seconds(60);     // minimum time between full sweeps for forgotten keys
  std::size_t max_keys = 10'000;
};

class Throttle {
public:
  explicit Throttle(ThrottlePolicy policy = {});

  // 0 when `key` may try now, else the milliseconds until it may.
  Millis retry_after(std::string const& key, Millis now) const;

  void failure(std::string const& key, Millis now);
  void success(std::string const& key);

  // Keys currently remembered (for tests and monitoring).
  std::size_t size() const;

private:
  struct Entry {
    int failures = 0;  // consecutive failures
    Millis last_failure = 0;
    Millis locked_until = 0;  // == last_failure while unlocked
  };

  bool forgotten(Entry const& entry, Millis now) const;
  Millis lock_for(int failures) const;
  void sweep(Millis now);
  void drop_oldest();

  ThrottlePolicy policy_;
  std::unordered_map<std::string, Entry> entries_;
  Millis last_sweep_ = 0;
  bool swept_ = false;
};

}  // namespace tent::auth
