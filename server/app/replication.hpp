#pragma once
// The primary's side of a standby laptop: GET /api/replication?since=N[&wait=S] (organiser) answers
// the stored batches after seq N exactly as the log holds them (seq, at, events text), the
// database's identity and its meta rows (the hashed PINs and kiosk key, so the standby signs in the
// same people when it takes over), and the newest seq. A request with nothing newer and a wait waits
// (a long poll) until the next commit or S seconds (at most max_wait_s), whichever comes first, so a
// standby hears of a batch as soon as it is durable here and costs nothing while the tent is quiet.
//
// Only committed batches are read (the store between flushes), so a standby never holds a batch the
// primary could still lose. The feed also remembers when each follower (by address) last asked and
// from where, for the organiser's view of the standby.

#include "app/dispatcher.hpp"
#include "app/reply.hpp"
#include "store/event_store.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tent::app {

class ReplicationFeed {
public:
  static constexpr std::size_t max_bytes = 1024 * 1024;  // of events per answer (at least one batch)
  static constexpr std::size_t max_batches = 4096;
  static constexpr std::int64_t max_wait_s = 25;  // below the transport's 30 s request timeout
  static constexpr std::size_t max_waiting = 8;   // requests held at once; more are answered at once

  explicit ReplicationFeed(store::EventStore const& store) : store_(store) {}

  // A follower that asked recently.
  struct Follower {
    std::string address;
    std::int64_t since = 0;  // the seq it said it holds
    Millis asked_at = 0;
  };

  // The answer now, or nullopt when the request waits: done then gets it after a commit or when its
  // wait is over. A malformed since or wait is refused (422 invalid_field). `now` is the tent's clock
  // (when the follower asked), `steady` a monotonic clock in ms (when its wait ends).
  std::optional<Reply> request(std::optional<std::string> const& since, std::optional<std::string> const& wait,
                               std::string const& address, Millis now, Millis steady, Dispatcher::Done done);
  // After every flush: answers the waiting requests that now have newer batches.
  void committed();
  // Answers the waiting requests whose wait is over at `steady`, and every one with `all`.
  void expire(Millis steady, bool all = false);
  // When the first wait still running ends (steady clock), if any.
  std::optional<Millis> next_expiry() const;
  // Followers seen in the last hour, most recent first.
  std::vector<Follower> followers(Millis now) const;

private:
  Reply answer(std::int64_t since) const;

  struct Waiting {
    std::int64_t since = 0;
    Millis until = 0;
    Dispatcher::Done done;
  };
  store::EventStore const& store_;
  std::vector<Waiting> waiting_;
  std::map<std::string, Follower> followers_;
};

}  // namespace tent::app
