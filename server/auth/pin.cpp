#include "auth/pin.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <charconv>
#include <climits>
#include <stdexcept>
#include <vector>

namespace tent::auth {

namespace {

constexpr std::string_view legacy_scheme = "pbkdf2-sha256";
// The start of every Argon2id string libsodium writes, up to the memory field.
constexpr std::string_view argon2id_head = "$argon2id$v=19$m=";
constexpr std::size_t legacy_digest_bytes = 32;
constexpr std::size_t min_pin_digits = 4;
constexpr std::size_t max_pin_digits = 12;

struct RoleName {
  Role role;
  std::string_view name;
};

constexpr std::array<RoleName, 5> role_names{{
    {Role::none, "none"},
    {Role::display, "display"},
    {Role::kiosk, "kiosk"},
    {Role::volunteer, "volunteer"},
    {Role::organiser, "organiser"},
}};

// sodium_init, once per process (a function-local static: thread-safe), before any other call.
void need_sodium() {
  static int const ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium could not be initialised");
}

// Reads a decimal number at the front of `text` followed by `then`, and moves past both.
std::optional<std::uint64_t> take_number(std::string_view& text, std::string_view then) {
  std::uint64_t value = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  if (!text.starts_with(then)) return std::nullopt;
  text.remove_prefix(then.size());
  return value;
}

// The passes and memory an Argon2id string asks for, read before libsodium allocates that memory.
std::optional<HashCost> argon2id_cost(std::string_view stored) {
  if (!stored.starts_with(argon2id_head)) return std::nullopt;
  stored.remove_prefix(argon2id_head.size());
  auto const kib = take_number(stored, ",t=");
  auto const passes = kib ? take_number(stored, ",p=") : std::nullopt;
  if (!passes || *kib > max_cost.memory / 1024) return std::nullopt;
  return HashCost{*passes, static_cast<std::size_t>(*kib * 1024)};
}

bool verify_argon2id(std::string_view secret, std::string_view stored) {
  auto const cost = argon2id_cost(stored);
  if (!cost || cost->passes > max_cost.passes) return false;
  std::string const text(stored);  // libsodium reads a NUL-terminated string
  need_sodium();
  return crypto_pwhash_str_verify(text.c_str(), secret.data(), secret.size()) == 0;
}

// Hex (either case, even length) to bytes, through libsodium's constant-time decoder.
std::optional<std::vector<unsigned char>> from_hex(std::string_view hex) {
  std::vector<unsigned char> out(hex.size() / 2);
  std::size_t length = 0;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0)
    return std::nullopt;
  if (length * 2 != hex.size()) return std::nullopt;
  out.resize(length);
  return out;
}

// Splits "a$b$c$d" into exactly four fields.
std::optional<std::array<std::string_view, 4>> split_fields(std::string_view text) {
  std::array<std::string_view, 4> fields{};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::size_t const end = text.find('$');
    bool const last = (i + 1 == fields.size());
    if (last != (end == std::string_view::npos)) return std::nullopt;
    fields[i] = text.substr(0, end);
    if (!last) text.remove_prefix(end + 1);
  }
  return fields;
}

std::optional<std::uint32_t> parse_iterations(std::string_view text) {
  if (text.empty() || text.size() > 10 || text.front() == '0') return std::nullopt;
  std::uint32_t value = 0;
  auto const [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  if (value < 1 || value > max_legacy_iterations) return std::nullopt;
  return value;
}

// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>": PBKDF2-HMAC-SHA256 with a 32-byte key.
bool verify_legacy(std::string_view secret, std::string_view stored) {
  auto const fields = split_fields(stored);
  if (!fields || (*fields)[0] != legacy_scheme) return false;
  auto const iterations = parse_iterations((*fields)[1]);
  auto const salt = from_hex((*fields)[2]);
  auto const expected = from_hex((*fields)[3]);
  if (!iterations || !salt || !expected || expected->size() != legacy_digest_bytes) return false;
  if (secret.size() > INT_MAX || salt->size() > INT_MAX) return false;
  std::array<unsigned char, legacy_digest_bytes> derived{};
  if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), salt->data(), static_cast<int>(salt->size()),
                        static_cast<int>(*iterations), EVP_sha256(), static_cast<int>(derived.size()),
                        derived.data()) != 1)
    return false;
  need_sodium();
  return sodium_memcmp(derived.data(), expected->data(), derived.size()) == 0;
}

}  // namespace

bool allows(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

std::string_view to_string(Role role) {
  for (auto const& entry : role_names) {
    if (entry.role == role) return entry.name;
  }
  return "none";
}

std::optional<Role> role_from_string(std::string_view text) {
  for (auto const& entry : role_names) {
    if (entry.role != Role::none && entry.name == text) return entry.role;
  }
  return std::nullopt;
}

std::string hash_secret(std::string_view secret, HashCost cost) {
  if (cost.passes < crypto_pwhash_OPSLIMIT_MIN || cost.passes > max_cost.passes ||
      cost.memory < crypto_pwhash_MEMLIMIT_MIN || cost.memory > max_cost.memory) {
    throw std::invalid_argument("hash_secret: the cost is outside what verify_secret accepts");
  }
  need_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), secret.data(), secret.size(), cost.passes, cost.memory) != 0) {
    throw std::runtime_error("hash_secret: not enough memory for Argon2id");
  }
  return std::string(out.data());
}

bool verify_secret(std::string_view secret, std::string_view stored) {
  return is_legacy_hash(stored) ? verify_legacy(secret, stored) : verify_argon2id(secret, stored);
}

bool is_legacy_hash(std::string_view stored) {
  return stored.starts_with(legacy_scheme) && stored.substr(legacy_scheme.size()).starts_with("$");
}

std::string generate_pin(std::size_t digits) {
  if (digits < min_pin_digits || digits > max_pin_digits) {
    throw std::invalid_argument("generate_pin: digits must be 4 to 12");
  }
  need_sodium();
  std::string pin;
  pin.reserve(digits);
  for (std::size_t i = 0; i < digits; ++i) pin.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return pin;
}

std::string generate_status_key() {
  need_sodium();
  // One draw for the whole key, not one per character: each libsodium draw is a system call
  // (getrandom), and twelve of them cost some 15 us on every check-in. A byte below the largest
  // multiple of the alphabet's size maps uniformly onto it; the few above are skipped.
  constexpr std::size_t size = status_key_alphabet.size();
  constexpr unsigned limit = 256 - 256 % size;
  std::string key;
  key.reserve(status_key_length);
  std::array<unsigned char, 2 * status_key_length> bytes{};
  while (key.size() < status_key_length) {
    randombytes_buf(bytes.data(), bytes.size());
    for (unsigned char const b : bytes)
      if (b < limit && key.size() < status_key_length) key.push_back(status_key_alphabet[b % size]);
  }
  return key;
}

bool valid_pin(std::string_view pin) {
  if (pin.size() < min_pin_digits || pin.size() > max_pin_digits) return false;
  for (char const c : pin) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace tent::auth
