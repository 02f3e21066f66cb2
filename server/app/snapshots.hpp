#pragma once
// Snapshots of the tent in the store, so that a start replays only the log after the newest one
// instead of every batch since the first event (a season is about a million batches).
//
// A snapshot is only a shortcut: the log stays whole and is the truth. A snapshot that cannot be used
// (another format, damaged, inconsistent, or after the end of the log) is skipped with one warning in
// the log and the next older one tried; without any, the whole log is replayed. Restart gives exactly the
// state a full replay gives (tests/app/startup_test.cpp compares them).

#include "core/tents.hpp"
#include "store/event_store.hpp"

#include <cstdint>

namespace tent::app {

// The dispatcher stores a snapshot every this many committed batches (about one race day): the most a
// start replays after its snapshot, 0.1-0.2 s of CPU, against a pause of up to a second to write a
// season's snapshot (docs/design.md, measured with bench/tent_bench startup).
inline constexpr std::int64_t snapshot_interval = 20'000;
// A clean stop stores a snapshot when the newest one is more than this many batches old.
inline constexpr std::int64_t snapshot_at_stop_after = 1'000;

struct Restored {
  Tents tents;
  std::int64_t seq = 0;           // the last batch applied
  std::int64_t snapshot_seq = 0;  // the snapshot it started from; 0 for a full replay
};

// The tent as the store holds it: the newest usable snapshot, then every batch after it.
Restored restore(store::EventStore const& store);

// Stores the state of every tent after batch `seq`. Never throws: a snapshot the store refuses (disk
// full, file gone) is logged (a warning) and false returned; the committed log is untouched either way.
bool save_snapshot(store::EventStore& store, Tents const& tents, std::int64_t seq) noexcept;
// save_snapshot when the newest stored snapshot is more than `behind` batches before seq (at a clean stop).
bool save_snapshot_if_behind(store::EventStore& store, Tents const& tents, std::int64_t seq,
                             std::int64_t behind) noexcept;

// A snapshot's bytes: "MTEV", the number of tents (u32), then for each its id's length (u32), the id,
// its seq (i64), its state's length (u64) and its state (protocol/state_codec.hpp). A snapshot made
// before there were several tents is one state alone ("MTSN..."): the first tent's, at the snapshot's seq.
std::string encode_tents(Tents const& tents);
Tents decode_tents(std::string_view bytes, std::int64_t snapshot_seq);

}  // namespace tent::app
