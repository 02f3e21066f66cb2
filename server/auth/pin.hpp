#pragma once
// Roles and the secrets that grant them. A secret (volunteer or organiser PIN, optional kiosk key)
// is stored only as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>", so the config file and the
// database never hold a PIN in clear. Everything here is pure except generate_pin / generate_salt,
// the only places that draw randomness.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tent::auth {

// What a client may do. Each role includes every role below it:
// organiser > volunteer > kiosk > display > none.
//   display:   public, read-only (big screens, runners' phones)
//   kiosk:     check-in, leave, look up one's own bib (optionally behind a kiosk key)
//   volunteer: table and queue actions (PIN)
//   organiser: settings, roster, stats, export (PIN)
// `none` is the invalid value first in the enum: it grants nothing and is never parsed.
enum class Role { none, display, kiosk, volunteer, organiser };

// True when a client holding `have` may do what requires `need`.
bool allows(Role have, Role need);

std::string_view to_string(Role role);  // "none", "display", "kiosk", "volunteer", "organiser"

// Accepts exactly the four real role names; "none" and anything else give nullopt.
std::optional<Role> role_from_string(std::string_view text);

inline constexpr std::uint32_t default_iterations = 20000;
// Upper bound on iterations accepted by verify_secret, so a tampered config cannot stall a login.
inline constexpr std::uint32_t max_iterations = 1'000'000;

// Hashes `secret` with PBKDF2-HMAC-SHA256. The salt is taken as opaque bytes (generate_salt's
// hex text is fine) and stored hex-encoded. Throws std::invalid_argument unless iterations is in
// 1..max_iterations, so every hash it makes can be verified.
std::string hash_secret(std::string_view secret, std::string_view salt,
                        std::uint32_t iterations = default_iterations);

// Checks `secret` against text produced by hash_secret. The digest comparison takes the same time
// wherever the first difference is. Returns false, never throws, for any malformed `stored`:
// wrong scheme, iterations not in 1..max_iterations, odd-length or non-hex fields, digest not 32 bytes.
bool verify_secret(std::string_view secret, std::string_view stored);

// A PIN of `digits` uniformly random decimal digits (std::random_device). Throws
// std::invalid_argument unless 4 <= digits <= 12, so the result always passes valid_pin.
std::string generate_pin(std::size_t digits = 6);

// 16 random bytes (std::random_device) as 32 lower-case hex characters.
std::string generate_salt();

// 4 to 12 ASCII digits, nothing else.
bool valid_pin(std::string_view pin);

}  // namespace tent::auth
