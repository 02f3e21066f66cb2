#include "app/snapshots.hpp"

#include "core/tent_state.hpp"
#include "log/logger.hpp"
#include "protocol/events_json.hpp"
#include "protocol/state_codec.hpp"

#include <limits>

namespace tent::app {
namespace {

// The tent a snapshot holds, or nullopt (with a warning in the log) when it cannot be used.
std::optional<Tent> usable(store::Snapshot const& snapshot, std::int64_t last_seq) {
  try {
    if (snapshot.seq > last_seq)
      throw protocol::SnapshotError("it is after the end of the log (seq " + std::to_string(last_seq) + ")");
    auto tent = Tent::restore(protocol::decode_state(snapshot.data));
    for (std::size_t i = 0; i < tent.tables().size(); ++i)  // events find a table by id - 1
      if (tent.tables()[i].id != static_cast<TableId>(i + 1)) throw protocol::SnapshotError("table ids out of order");
    if (auto const broken = tent.check_invariants(); !broken.empty())
      throw protocol::SnapshotError("inconsistent snapshot: " + broken);
    return tent;
  } catch (std::exception const& e) {
    log::warn("store",
              "ignoring the snapshot at seq " + std::to_string(snapshot.seq) + " (" + e.what() +
                  "); replaying the log before it instead",
              {{"seq", snapshot.seq}});
    return std::nullopt;
  }
}

}  // namespace

Restored restore(store::EventStore const& store) {
  Restored r;
  auto const last_seq = store.last_seq();
  auto before = std::numeric_limits<std::int64_t>::max();
  while (auto snapshot = store.latest_snapshot(before)) {
    if (auto tent = usable(*snapshot, last_seq)) {
      r.tent = std::move(*tent);
      r.seq = r.snapshot_seq = snapshot->seq;
      break;
    }
    before = snapshot->seq;
  }
  store.for_each(r.seq, [&](std::int64_t seq, std::int64_t at, std::string_view events) {
    r.tent.apply(Batch{at, protocol::decode_events(events)});
    r.seq = seq;
  });
  return r;
}

bool save_snapshot(store::EventStore& store, Tent const& tent, std::int64_t seq) noexcept {
  try {
    store.save_snapshot(seq, tent.last_at(), protocol::encode_state(tent.state()));
    return true;
  } catch (std::exception const& e) {
    log::warn("store",
              "could not store a snapshot at seq " + std::to_string(seq) + " (" + e.what() +
                  "); the log is whole, the next start replays more of it",
              {{"seq", seq}});
    return false;
  }
}

bool save_snapshot_if_behind(store::EventStore& store, Tent const& tent, std::int64_t seq,
                             std::int64_t behind) noexcept {
  try {
    if (seq - store.latest_snapshot_seq() <= behind) return false;
  } catch (std::exception const& e) {
    log::warn("store", std::string("could not read the newest snapshot (") + e.what() + ")");
    return false;
  }
  return save_snapshot(store, tent, seq);
}

}  // namespace tent::app
