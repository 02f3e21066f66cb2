#pragma once
// The one path every action takes, whatever it came through (REST, WebSocket, CLI):
//
//   submit(tent, op + params) -> queued until the next flush()
//   flush(): for each queued command, in order:
//              role check (app/policy.hpp) -> protocol::decode -> expectation check (409 stale) -> Tents::decide
//              -> append its batch to the store's open group (its seq) -> Tents::apply -> its reply and Frame
//            then one commit for the whole group (one fsync), then every reply in order, then the frames.
//
// Group commit: commands that arrive while a commit is in flight wait for the next flush and share its
// fsync; each still gets its own seq, reply and frame. Nothing is replied or published before the
// group's commit returned; a refused or malformed command changes nothing. If the commit fails, the
// whole group is refused (503 storage_unavailable / storage_full, logged as an error) and the tent is
// rebuilt from the store, so memory never holds what the disk does not. Several tents (core/tents.hpp)
// share the one queue, group and commit: each command names its tent, and the rule between tents is
// decided in the order the commands came. Replies and frames carry the tent's own seq. A dry run (a check-in's
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
#include "core/tents.hpp"
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

  // Queues one command for a tent, which must exist; done gets its reply from the flush that decides it.
  void submit(TentId const& tent, std::string_view op, nlohmann::json params, auth::Role role, Millis now, Done done);
  // The same for the first tent.
  void submit(std::string_view op, nlohmann::json params, auth::Role role, Millis now, Done done) {
    submit(TentId{}, op, std::move(params), role, now, std::move(done));
  }
  // Queues time passing (changeovers ending) at every tent; run by the server's timer.
  void submit_tick(Millis now);
  // Decides and commits everything queued, as described above.
  void flush();
  // Commands are queued for the next flush().
  bool pending() const { return !queue_.empty(); }

  // submit + flush: the reply, synchronously (the CLI, tests).
  Reply execute(TentId const& tent, std::string_view op, nlohmann::json const& params, auth::Role role, Millis now);
  Reply execute(std::string_view op, nlohmann::json const& params, auth::Role role, Millis now) {
    return execute(TentId{}, op, params, role, now);
  }

  Reply ticket(TentId const& tent, std::string_view raw_bib, Millis now, Audience audience) const;
  Tents const& tents() const { return tents_; }
  // A tent, which must exist (the first one by default).
  Tent const& tent(TentId const& id = {}) const { return *tents_.find(id); }
  // The log's last seq, and a tent's own (the seq of its frames and replies).
  std::int64_t seq() const { return seq_; }
  std::int64_t seq(TentId const& id) const { return tents_.seq(id); }
  // Each commit's duration (steady clock, around the store's commit alone) and batch count.
  CommitMetrics const& commits() const { return commits_; }

private:
  struct Queued {
    TentId tent;
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
  Reply reply_for(Tent const& tent, Command const& command, Decision const& d, std::int64_t seq, Millis now) const;
  Reply stale_reply(Tent const& tent, Command const& command, Expectation const& seen, Millis now) const;
  // The refusal of a decision, with the runner it collided with (and where, at another tent).
  Reply refusal_reply(Tent const& tent, Decision const& d, Millis now) const;
  // The refusal for a group whose commit failed (and an error in the log), or rethrows what is not a
  // storage failure.
  protocol::WireError storage_refusal(std::exception_ptr failure, std::vector<Queued> const& group);
  // Stores a snapshot when snapshot_interval batches have been committed since the last one.
  void snapshot_if_due();

  store::EventStore& store_;
  Publish publish_;
  Settled settled_;
  Tents tents_;
  std::int64_t seq_ = 0;
  std::vector<Queued> queue_;
  std::int64_t snapshot_seq_ = 0;  // the seq of the newest snapshot stored or started from
  CommitMetrics commits_;
  std::string storage_fault_;  // the store's last failure, while it lasts: logged once for the tick
};

}  // namespace tent::app
