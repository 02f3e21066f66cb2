#include "auth/sha256.hpp"

#include <algorithm>
#include <stdexcept>

namespace tent::auth {

namespace {

constexpr std::array<std::uint32_t, 64> round_constants{
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::array<std::uint32_t, 8> initial_state{
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

constexpr std::size_t block_size = 64;

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

std::span<std::uint8_t const> bytes_of(std::string_view s) {
  return {reinterpret_cast<std::uint8_t const*>(s.data()), s.size()};
}

// An HMAC key schedule: the inner and outer hashes already fed with the padded key.
struct HmacKey {
  Sha256 inner;
  Sha256 outer;

  explicit HmacKey(std::string_view key) {
    std::array<std::uint8_t, block_size> padded{};
    if (key.size() > block_size) {
      Digest const hashed = sha256(key);
      std::copy(hashed.begin(), hashed.end(), padded.begin());
    } else {
      std::copy(key.begin(), key.end(), padded.begin());
    }
    std::array<std::uint8_t, block_size> ipad{};
    std::array<std::uint8_t, block_size> opad{};
    for (std::size_t i = 0; i < block_size; ++i) {
      ipad[i] = static_cast<std::uint8_t>(padded[i] ^ 0x36U);
      opad[i] = static_cast<std::uint8_t>(padded[i] ^ 0x5cU);
    }
    inner.update(ipad);
    outer.update(opad);
  }

  Digest mac(std::span<std::uint8_t const> data) const {
    Sha256 in = inner;
    Digest const inner_digest = in.update(data).finish();
    Sha256 out = outer;
    return out.update(inner_digest).finish();
  }
};

}  // namespace

Sha256::Sha256() { reset(); }

void Sha256::reset() {
  state_ = initial_state;
  buffered_ = 0;
  total_bytes_ = 0;
}

void Sha256::compress(std::uint8_t const* block) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t i = 0; i < 16; ++i) {
    w[i] = (std::uint32_t{block[4 * i]} << 24) | (std::uint32_t{block[4 * i + 1]} << 16) |
           (std::uint32_t{block[4 * i + 2]} << 8) | std::uint32_t{block[4 * i + 3]};
  }
  for (std::size_t i = 16; i < 64; ++i) {
    std::uint32_t const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    std::uint32_t const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = state_;
  for (std::size_t i = 0; i < 64; ++i) {
    std::uint32_t const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    std::uint32_t const choose = (e & f) ^ (~e & g);
    std::uint32_t const t1 = h + s1 + choose + round_constants[i] + w[i];
    std::uint32_t const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    std::uint32_t const majority = (a & b) ^ (a & c) ^ (b & c);
    std::uint32_t const t2 = s0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

Sha256& Sha256::update(std::span<std::uint8_t const> data) {
  total_bytes_ += data.size();
  std::size_t pos = 0;
  if (buffered_ > 0) {
    std::size_t const take = std::min(block_size - buffered_, data.size());
    std::copy_n(data.begin(), take, buffer_.begin() + static_cast<std::ptrdiff_t>(buffered_));
    buffered_ += take;
    pos = take;
    if (buffered_ < block_size) return *this;
    compress(buffer_.data());
    buffered_ = 0;
  }
  for (; data.size() - pos >= block_size; pos += block_size) compress(data.data() + pos);
  std::copy(data.begin() + static_cast<std::ptrdiff_t>(pos), data.end(), buffer_.begin());
  buffered_ = data.size() - pos;
  return *this;
}

Sha256& Sha256::update(std::string_view data) { return update(bytes_of(data)); }

Digest Sha256::finish() {
  std::uint64_t const bit_length = total_bytes_ * 8;
  // Padding: 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
  std::array<std::uint8_t, block_size + 8> tail{};
  tail[0] = 0x80;
  std::size_t const zeros = (buffered_ < 56) ? (55 - buffered_) : (119 - buffered_);
  std::size_t const pad_len = 1 + zeros;
  for (std::size_t i = 0; i < 8; ++i) {
    tail[pad_len + i] = static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
  }
  update(std::span<std::uint8_t const>(tail.data(), pad_len + 8));

  Digest out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
  }
  reset();
  return out;
}

Digest sha256(std::string_view data) { return Sha256{}.update(data).finish(); }

std::string to_hex(std::span<std::uint8_t const> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t const b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0fU]);
  }
  return out;
}

Digest hmac_sha256(std::string_view key, std::string_view data) { return HmacKey{key}.mac(bytes_of(data)); }

Digest pbkdf2_hmac_sha256(std::string_view secret, std::string_view salt, std::uint32_t iterations) {
  if (iterations == 0) throw std::invalid_argument("pbkdf2: iterations must be at least 1");
  HmacKey const prf{secret};
  // U1 = PRF(secret, salt || INT(1)); the derived key is U1 ^ U2 ^ ... ^ Uc.
  std::string first{salt};
  first.append({'\0', '\0', '\0', '\1'});
  Digest u = prf.mac(bytes_of(first));
  Digest result = u;
  for (std::uint32_t i = 1; i < iterations; ++i) {
    u = prf.mac(u);
    for (std::size_t j = 0; j < result.size(); ++j) result[j] ^= u[j];
  }
  return result;
}

}  // namespace tent::auth
