#pragma once
// SHA-256 (FIPS 180-4), HMAC-SHA256 (RFC 2104) and PBKDF2-HMAC-SHA256 (RFC 8018), written here
// because the server links no crypto library. Used only to hash PINs and keys at rest; it is not
// hardened against timing side channels beyond what plain integer arithmetic gives.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tent::auth {

using Digest = std::array<std::uint8_t, 32>;

// An incremental SHA-256 computation. Copyable, so a keyed prefix (HMAC's padded key) can be
// hashed once and copied for each message. finish() leaves the object reset to the empty state.
// Limit: total input below 2^61 bytes (the message length is kept in bits as a uint64).
class Sha256 {
public:
  Sha256();

  Sha256& update(std::span<std::uint8_t const> data);
  Sha256& update(std::string_view data);
  Digest finish();

private:
  void reset();
  void compress(std::uint8_t const* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;       // bytes waiting in buffer_, always < 64 between calls
  std::uint64_t total_bytes_ = 0;  // bytes fed since the last reset
};

Digest sha256(std::string_view data);

// Lower-case hex, two characters per byte.
std::string to_hex(std::span<std::uint8_t const> bytes);

Digest hmac_sha256(std::string_view key, std::string_view data);

// PBKDF2 with HMAC-SHA256 and a 32-byte derived key (one block). iterations >= 1.
Digest pbkdf2_hmac_sha256(std::string_view secret, std::string_view salt, std::uint32_t iterations);

}  // namespace tent::auth
