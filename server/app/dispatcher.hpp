#pragma once
// The one path every action takes, whatever it came through (REST, WebSocket, CLI):
//
//   submit(op + params) -> queued until the next flush()
//   flush(): for each queued command, in order:
//              role check (app/policy.hpp) -> protocol::decode -> expectation check (409 stale) -> Tent::decide
//              -> append its batch to the store's open group (its seq) -> Tent::apply -> its reply and Frame
//            then one commit for the whole group (one fsync), then every reply in order, then the frames.
//
// Group commit: commands that arrive while a commit is in flight wait for the next flush and share its
// fsync; each still gets its own seq, reply and frame. Nothing is replied or published before the
// group's commit returned; a refused or malformed command changes nothing. If the commit fails, the
// whole group is refused (503 storage_unavailable / storage_full, logged as an error) and the tent is
// rebuilt from the store, so memory never holds what the disk does not. A dry run (a check-in's
// `dry_run`) is decided the same way and answered with the same refusal, or 200 {"ok", "dry_run"}: it
// is never appended, applied or published. Reads (tent(), ticket())
// between flushes see only committed state. On construction the tent is rebuilt from the store: its
// newest usable snapshot and the batches after it (app/snapshots.hpp); every snapshot_interval
// batches a new snapshot is stored at the end of a flush.

#include "app/frames.hpp"
#include "app/metrics.hpp"
#include "app/reply.hpp"
#include "app/views.hpp"
#include "auth/pin.hpp"
#include "core/expect.hpp"
#include "core/tent.hpp"
#include "protocol/errors.hpp"
#include "store/event_store.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string_view>

namespace tent::app {

class Dispatcher {
public:
  using Done = std::function<void(Reply)>;
  // Called once per committed batch, in seq order, after every reply of its flush.
  using Publish = std::function<void(Frame const&)>;
  // Called at the end of every flush, after its frames (even when there were none).
  using Settled = std::function<void()>;

  Dispatcher(store::EventStore& store, Publish publish, Settled settled = {});

  // Queues one command; done gets its reply from the flush that decides it.
  void submit(std::string_view op, nlohmann::json params, auth::Role role, Millis now, Done done);
  // Queues time passing (changeovers ending); run by the server's timer.
  void submit_tick(Millis now);
  // Decides and commits everything queued, as described above.
  void flush();
  // Commands are queued for the next flush().
  bool pending() const { return !queue_.empty(); }

  // submit + flush: the reply, synchronously (the CLI, tests).
  Reply execute(std::string_view op, nlohmann::json const& params, auth::Role role, Millis now);

  Reply ticket(std::string_view raw_bib, Millis now, Audience audience) const;
  Tent const& tent() const { return tent_; }
  std::int64_t seq() const { return seq_; }
  // Each commit's duration (steady clock, around the store's commit alone) and batch count.
  CommitMetrics const& commits() const { return commits_; }

private:
  struct Queued {
    std::string op;  // empty for a tick
    nlohmann::json params;
    auth::Role role = auth::Role::none;
    Millis now = 0;
    Done done;
  };
  // What one decided command leaves for after the commit.
  struct Outcome {
    Reply reply;
    std::optional<Frame> frame;
  };

  // Decides one queued command against the tent as the earlier ones of its group left it; an accepted
  // batch is appended to `group` (opened on the first one) and applied.
  Outcome decide(Queued const& q, std::optional<store::EventStore::Group>& group);
  // The tent as the store has it (start-up, and after a failed commit).
  void rebuild();
  Reply reply_for(Command const& command, Decision const& d, std::int64_t seq, Millis now) const;
  Reply stale_reply(Command const& command, Expectation const& seen, Millis now) const;
  // The refusal for a group whose commit failed (and an error in the log), or rethrows what is not a
  // storage failure.
  protocol::WireError storage_refusal(std::exception_ptr failure, std::vector<Queued> const& group);
  // Stores a snapshot when snapshot_interval batches have been committed since the last one.
  void snapshot_if_due();

  store::EventStore& store_;
  Publish publish_;
  Settled settled_;
  Tent tent_;
  std::int64_t seq_ = 0;
  std::vector<Queued> queue_;
  std::int64_t snapshot_seq_ = 0;  // the seq of the newest snapshot stored or started from
  CommitMetrics commits_;
  std::string storage_fault_;  // the store's last failure, while it lasts: logged once for the tick
};

}  // namespace tent::app
