#include "auth/pin.hpp"

#include "auth/sha256.hpp"

#include <array>
#include <charconv>
#include <random>
#include <stdexcept>

namespace tent::auth {

namespace {

constexpr std::string_view scheme = "pbkdf2-sha256";
constexpr std::size_t min_pin_digits = 4;
constexpr std::size_t max_pin_digits = 12;
constexpr std::size_t salt_bytes = 16;

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

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int const hi = hex_value(hex[i]);
    int const lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
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
  if (value < 1 || value > max_iterations) return std::nullopt;
  return value;
}

bool equal_constant_time(Digest const& a, std::string_view b) {
  if (b.size() != a.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= unsigned{a[i]} ^ static_cast<unsigned char>(b[i]);
  return diff == 0;
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

std::string hash_secret(std::string_view secret, std::string_view salt, std::uint32_t iterations) {
  if (iterations == 0 || iterations > max_iterations) {
    throw std::invalid_argument("hash_secret: iterations must be 1 to max_iterations");
  }
  Digest const digest = pbkdf2_hmac_sha256(secret, salt, iterations);
  std::string out{scheme};
  out += '$';
  out += std::to_string(iterations);
  out += '$';
  out += to_hex({reinterpret_cast<std::uint8_t const*>(salt.data()), salt.size()});
  out += '$';
  out += to_hex(digest);
  return out;
}

bool verify_secret(std::string_view secret, std::string_view stored) {
  auto const fields = split_fields(stored);
  if (!fields || (*fields)[0] != scheme) return false;
  auto const iterations = parse_iterations((*fields)[1]);
  auto const salt = from_hex((*fields)[2]);
  auto const expected = from_hex((*fields)[3]);
  if (!iterations || !salt || !expected || expected->size() != Digest{}.size()) return false;
  return equal_constant_time(pbkdf2_hmac_sha256(secret, *salt, *iterations), *expected);
}

std::string generate_pin(std::size_t digits) {
  if (digits < min_pin_digits || digits > max_pin_digits) {
    throw std::invalid_argument("generate_pin: digits must be 4 to 12");
  }
  std::random_device device;
  std::uniform_int_distribution<int> digit{0, 9};
  std::string pin;
  pin.reserve(digits);
  for (std::size_t i = 0; i < digits; ++i) pin.push_back(static_cast<char>('0' + digit(device)));
  return pin;
}

std::string generate_salt() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> byte{0, 255};
  std::array<std::uint8_t, salt_bytes> salt{};
  for (auto& b : salt) b = static_cast<std::uint8_t>(byte(device));
  return to_hex(salt);
}

bool valid_pin(std::string_view pin) {
  if (pin.size() < min_pin_digits || pin.size() > max_pin_digits) return false;
  for (char const c : pin) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace tent::auth
