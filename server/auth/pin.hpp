#pragma once
// Roles and the secrets that grant them. A secret (volunteer or organiser PIN, optional kiosk key)
// is kept only as a hash, in the database's meta table (never in the event log, never in clear).
// New hashes are libsodium's Argon2id strings ("$argon2id$v=19$m=...,t=...,p=1$<salt>$<hash>",
// salt drawn by libsodium); hashes in the PBKDF2 format of earlier versions
// ("pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>") still verify (through OpenSSL) until they
// are replaced. Everything here is pure except hash_secret, generate_pin and generate_status_key,
// which draw randomness.

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

// The cost of an Argon2id hash: passes over the memory (libsodium's opslimit) and the memory in
// bytes (memlimit). Both are written into the hash, so a hash verifies whatever the current cost.
struct HashCost {
  unsigned long long passes;
  std::size_t memory;
};

// 2 passes over 19 MiB (OWASP's Argon2id minimum). Measured: one verify took 51 ms of CPU (85 to
// 95 ms of wall time) on the development machine, a 2-core VM under heavy load (PBKDF2's 20,000
// rounds took 7 ms there); an idle laptop does better. The server checks PINs one at a time on one
// worker (app/pin_checker), so sign-ins arriving together need the 19 MiB once, not once each; a
// wrong PIN is compared with up to three hashes (organiser, volunteer, kiosk key), some 150 ms of
// that worker, and at most 16 checks wait (app/access), so a queue drains within a few seconds.
inline constexpr HashCost default_cost{2, 19 * 1024 * 1024};
// libsodium's minimum, microseconds a hash: for tests and fuzzing that hash many secrets, never
// for a real tent.
inline constexpr HashCost cheapest_cost{1, 8 * 1024};
// The most verify_secret spends on one stored hash, so a tampered database cannot stall sign-ins
// or exhaust memory: Argon2id up to 10 passes over 256 MiB, PBKDF2 up to a million iterations.
inline constexpr HashCost max_cost{10, 256 * 1024 * 1024};
inline constexpr std::uint32_t max_legacy_iterations = 1'000'000;

// Hashes `secret` with Argon2id and a fresh random salt. Throws std::runtime_error if libsodium
// cannot (it found no memory) and std::invalid_argument for a cost outside libsodium's limits or
// above max_cost.
std::string hash_secret(std::string_view secret, HashCost cost = default_cost);

// Checks `secret` against a stored Argon2id hash (from hash_secret) or a stored PBKDF2 hash in the
// earlier format; the final comparison takes the same time wherever the first difference is.
// Returns false, never throws, for anything else: another scheme, a cost above max_cost or
// max_legacy_iterations, malformed fields.
bool verify_secret(std::string_view secret, std::string_view stored);

// True for a hash in the PBKDF2 format of earlier versions: it still verifies, and the secret is
// hashed anew (hash_secret) on its next successful sign-in.
bool is_legacy_hash(std::string_view stored);

// A PIN of `digits` uniformly random decimal digits (libsodium's randombytes_uniform). Throws
// std::invalid_argument unless 4 <= digits <= 12, so the result always passes valid_pin.
std::string generate_pin(std::size_t digits = 6);

// A runner's status key (cmd::CheckIn::key): the dispatcher draws one for every new visit and only
// the kiosk that checked the runner in is given it, in its reply, for the status page's QR code; the
// runner's answer after the session must carry it (bibs are guessable, keys are not). 12 characters
// uniformly from 31 letters and digits that cannot be misread (no 0, o, 1, i, l): 59 bits.
inline constexpr std::string_view status_key_alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
inline constexpr std::size_t status_key_length = 12;
std::string generate_status_key();

// 4 to 12 ASCII digits, nothing else.
bool valid_pin(std::string_view pin);

}  // namespace tent::auth
