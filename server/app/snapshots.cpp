#include "app/snapshots.hpp"

#include "core/tent_state.hpp"
#include "log/logger.hpp"
#include "protocol/events_json.hpp"
#include "protocol/state_codec.hpp"

#include <cstring>
#include <limits>

namespace tent::app {
namespace {

constexpr std::string_view tents_magic = "MTEV";

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<char const*>(&value), sizeof value);
}

// Reads what put wrote, checking the bounds.
struct Reader {
  std::string_view in;
  template <typename T>
  T get() {
    if (in.size() < sizeof(T)) throw protocol::SnapshotError("truncated");
    T value{};
    std::memcpy(&value, in.data(), sizeof value);
    in.remove_prefix(sizeof value);
    return value;
  }
  std::string_view bytes(std::uint64_t n) {
    if (in.size() < n) throw protocol::SnapshotError("truncated");
    auto const out = in.substr(0, n);
    in.remove_prefix(n);
    return out;
  }
};

Tent usable_tent(std::string_view bytes) {
  auto tent = Tent::restore(protocol::decode_state(bytes));
  for (std::size_t i = 0; i < tent.tables().size(); ++i)  // events find a table by id - 1
    if (tent.tables()[i].id != static_cast<TableId>(i + 1)) throw protocol::SnapshotError("table ids out of order");
  if (auto const broken = tent.check_invariants(); !broken.empty())
    throw protocol::SnapshotError("inconsistent snapshot: " + broken);
  return tent;
}

// The tents a snapshot holds, or nullopt (with a warning in the log) when it cannot be used.
std::optional<Tents> usable(store::Snapshot const& snapshot, std::int64_t last_seq) {
  try {
    if (snapshot.seq > last_seq)
      throw protocol::SnapshotError("it is after the end of the log (seq " + std::to_string(last_seq) + ")");
    return decode_tents(snapshot.data, snapshot.seq);
  } catch (std::exception const& e) {
    log::warn("store",
              "ignoring the snapshot at seq " + std::to_string(snapshot.seq) + " (" + e.what() +
                  "); replaying the log before it instead",
              {{"seq", snapshot.seq}});
    return std::nullopt;
  }
}

}  // namespace

std::string encode_tents(Tents const& tents) {
  std::string out(tents_magic);
  put(out, static_cast<std::uint32_t>(tents.all().size()));
  for (auto const& [id, entry] : tents.all()) {
    put(out, static_cast<std::uint32_t>(id.size()));
    out += id;
    put(out, entry.seq);
    auto const state = protocol::encode_state(entry.tent.state());
    put(out, static_cast<std::uint64_t>(state.size()));
    out += state;
  }
  return out;
}

Tents decode_tents(std::string_view bytes, std::int64_t snapshot_seq) {
  std::map<TentId, Tents::Entry> tents;
  if (bytes.substr(0, tents_magic.size()) != tents_magic) {
    tents[TentId{}] = {usable_tent(bytes), snapshot_seq};
    return Tents::restore(std::move(tents));
  }
  Reader r{bytes.substr(tents_magic.size())};
  auto const count = r.get<std::uint32_t>();
  if (count > max_tents) throw protocol::SnapshotError("too many tents");
  for (std::uint32_t i = 0; i < count; ++i) {
    TentId id(r.bytes(r.get<std::uint32_t>()));
    if (!id.empty() && !valid_tent_id(id)) throw protocol::SnapshotError("a tent id that is not one");
    auto const seq = r.get<std::int64_t>();
    if (seq < 0 || seq > snapshot_seq) throw protocol::SnapshotError("a tent's seq past the snapshot's");
    auto tent = usable_tent(r.bytes(r.get<std::uint64_t>()));
    if (!tents.emplace(std::move(id), Tents::Entry{std::move(tent), seq}).second)
      throw protocol::SnapshotError("a tent twice");
  }
  if (!r.in.empty()) throw protocol::SnapshotError("bytes after the last tent");
  return Tents::restore(std::move(tents));
}

Restored restore(store::EventStore const& store) {
  Restored r;
  auto const last_seq = store.last_seq();
  auto before = std::numeric_limits<std::int64_t>::max();
  while (auto snapshot = store.latest_snapshot(before)) {
    if (auto tents = usable(*snapshot, last_seq)) {
      r.tents = std::move(*tents);
      r.seq = r.snapshot_seq = snapshot->seq;
      break;
    }
    before = snapshot->seq;
  }
  store.for_each(r.seq, [&](store::StoredBatch const& b) {
    r.tents.apply(b.tent, Batch{b.at, protocol::decode_events(b.events)});
    r.seq = b.seq;
  });
  return r;
}

bool save_snapshot(store::EventStore& store, Tents const& tents, std::int64_t seq) noexcept {
  try {
    Millis at = 0;
    for (auto const& [id, entry] : tents.all()) at = std::max(at, entry.tent.last_at());
    store.save_snapshot(seq, at, encode_tents(tents));
    return true;
  } catch (std::exception const& e) {
    log::warn("store",
              "could not store a snapshot at seq " + std::to_string(seq) + " (" + e.what() +
                  "); the log is whole, the next start replays more of it",
              {{"seq", seq}});
    return false;
  }
}

bool save_snapshot_if_behind(store::EventStore& store, Tents const& tents, std::int64_t seq,
                             std::int64_t behind) noexcept {
  try {
    if (seq - store.latest_snapshot_seq() <= behind) return false;
  } catch (std::exception const& e) {
    log::warn("store", std::string("could not read the newest snapshot (") + e.what() + ")");
    return false;
  }
  return save_snapshot(store, tents, seq);
}

}  // namespace tent::app
