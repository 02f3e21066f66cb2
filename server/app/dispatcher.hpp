#pragma once
// The one path every action takes, whatever it came through (REST, WebSocket, CLI):
//
//   op + params -> role check -> protocol::decode -> expectation check (409 stale)
//               -> Tent::decide -> store.append (commit)
//               -> Tent::apply -> reply, and a Frame for the subscribers
//
// Nothing is applied, replied or published before the batch is committed; a refused or
// malformed command changes nothing. On construction the tent is rebuilt from the store: its newest
// usable snapshot and the batches after it (app/snapshots.hpp); every snapshot_interval batches a new
// snapshot is stored after a commit.
// A commit the store cannot make because its file is gone or the disk is full is refused with 503
// (storage_unavailable, storage_full) and logged to stderr; reads go on from memory.

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/frames.hpp"
#include "app/views.hpp"
#include "auth/pin.hpp"
#include "protocol/errors.hpp"
#include "core/expect.hpp"
#include "core/tent.hpp"
#include "store/event_store.hpp"

namespace tent::app {

struct Reply {
  int status = 200;
  nlohmann::json body;
};

// A wire error as a reply.
Reply error_reply(protocol::WireError const& e);

// The refusal for a caller whose role is below `need`: 401 asks an anonymous caller for the
// PIN (or kiosk key), 403 tells a signed-in one that theirs does not allow it.
Reply role_refusal(auth::Role have, auth::Role need);

class Dispatcher {
 public:
  using Publish = std::function<void(Frame const&)>;

  Dispatcher(store::EventStore& store, Publish publish);

  Reply execute(std::string_view op, nlohmann::json const& params, auth::Role role, Millis now);
  // Time passing (changeovers ending); run by the server's timer.
  void tick(Millis now);

  Reply ticket(std::string_view raw_bib, Millis now, Audience audience) const;
  Tent const& tent() const { return tent_; }
  std::int64_t seq() const { return seq_; }

 private:
  // Commits and applies an accepted decision; returns the new seq (unchanged when no events).
  std::int64_t commit(Decision const& d, Millis now);
  Reply reply_for(Command const& command, Decision const& d, std::int64_t seq, Millis now) const;
  Reply stale_reply(Command const& command, Expectation const& seen, Millis now) const;
  // Stores a snapshot when snapshot_interval batches have been committed since the last one.
  void snapshot_if_due();
  // commit(), with a store that cannot write turned into a refusal (and a line on stderr).
  std::optional<protocol::WireError> try_commit(Decision const& d, Millis now, std::string_view op, std::int64_t& seq);

  store::EventStore& store_;
  Publish publish_;
  Tent tent_;
  std::int64_t seq_ = 0;
  std::int64_t snapshot_seq_ = 0;  // the seq of the newest snapshot stored or started from
  std::string storage_fault_;  // the store's last failure, while it lasts: logged once for the tick
};

}  // namespace tent::app
