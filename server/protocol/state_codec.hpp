#pragma once
// TentState <-> bytes: the snapshot format the store keeps beside the batch log.
//
// Layout: "MTSN", the format number (u32), the payload's length (u64), the payload, and a 64-bit
// checksum of the payload (FNV-1a over 64-bit words). The payload is the state's fields in a fixed
// order: integers little endian at fixed width, strings and containers as a u64 count then their
// items, enums as one byte, optionals as a presence byte. Chosen over JSON and CBOR by measurement
// (docs/design.md): a season's state decodes several times faster than nlohmann parses either.
//
// A snapshot is our own output, but a disk can damage it and an older or newer server may have
// written it: decode_state checks everything it reads (bounds, counts, enum ranges, indexes, checksum)
// and throws SnapshotError, never reads out of bounds. The caller then replays the whole log.

#include "core/tent_state.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tent::protocol {

// Bump when the layout changes; a snapshot of another format is ignored (the log is replayed).
// 2: the announcement's translations, the history's joined_at; 3: the tickets' session records and
// the therapists' shifts (a format-2 snapshot is replayed past: its server derived no shifts); 4:
// the tickets' status keys and runners' feedback; 5: the earlier visits a new check-in replaced; 6:
// the same layout, but a shift counts a session ended by a referral from the table (and the session
// on the shift the runner lay down on), which a format-5 server derived otherwise.
inline constexpr std::uint32_t snapshot_format = 6;

class SnapshotError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

std::string encode_state(TentState const& state);
TentState decode_state(std::string_view bytes);

}  // namespace tent::protocol
