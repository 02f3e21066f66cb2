#pragma once
// Who a request speaks for. Volunteer and organiser PINs (and the optional kiosk key) are kept
// hashed in the store's meta table; a PIN given in the config replaces the stored one, and a
// PIN that exists nowhere is generated at first start and reported once for printing.
// A verified secret is remembered in memory so the deliberately slow hash (Argon2id, see
// auth::default_cost) runs once per secret, not per request. A hash still in the PBKDF2 format of
// earlier versions is replaced by an Argon2id one on the secret's first successful sign-in.
//
// Guessing is slowed three ways:
// - per client address (auth::Throttle): 5 free tries, then a lock-out that doubles up to 15 min;
// - server-wide (auth::GuessBudget): 30 wrong secrets a minute, then pauses doubling up to 60 s,
//   logged (a warning). The pauses do not apply to addresses that signed in successfully within the
//   last hour, so volunteers already at work are not locked out by an attack;
// - at most max_in_flight checks waiting or running at once; more get 429 at once (retry in 1 s).
// A check is split in three so the slow middle can run off the event loop: begin() decides from
// memory (anonymous, cached, throttled) or hands out a Pending; verify(Pending) hashes (any thread);
// finish() records the outcome. authenticate() does all three in line.

#include "auth/guess_budget.hpp"
#include "auth/pin.hpp"
#include "auth/throttle.hpp"
#include "core/types.hpp"
#include "store/event_store.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace tent::app {

struct Secrets {
  std::optional<std::string> volunteer_pin, organiser_pin, kiosk_key;
};

class Access {
public:
  static constexpr std::size_t max_key_length = 64;
  static constexpr std::size_t min_organiser_pin = 6;
  static constexpr std::size_t max_in_flight = 16;

  // Throws std::invalid_argument for an organiser PIN shorter than min_organiser_pin digits.
  Access(store::EventStore& store, Secrets const& config);

  // Secrets generated at this start (role name -> PIN), to print once.
  std::map<std::string, std::string> const& generated() const { return generated_; }
  bool kiosk_key_required() const { return kiosk_hash_.has_value(); }
  // The role of a caller without a secret: kiosk, or display once a kiosk key is set.
  auth::Role anonymous() const { return kiosk_hash_ ? auth::Role::display : auth::Role::kiosk; }
  // Sets (or, with an empty key, removes) the key kiosks must present. Kept like the PINs.
  void set_kiosk_key(store::EventStore& store, std::string const& key);
  // Stores a new PIN for role ("volunteer" or "organiser"), hashed, for the next start (reset-pin).
  static void store_pin(store::EventStore& store, std::string const& role, std::string const& pin);
  // A new random PIN, as generated at a first start.
  static std::string new_pin();

  struct Result {
    auth::Role role = auth::Role::none;
    int status = 200;  // 401 wrong secret, 429 throttled
    Millis retry_after = 0;
  };
  // A secret to verify against the stored hashes, strongest role first.
  struct Pending {
    std::string secret, client;
    std::vector<std::pair<auth::Role, std::string>> hashes;
    std::uint64_t generation = 0;  // of the secrets, so a key changed meanwhile is not granted
    // The secret hashed anew when the hash it matched is in the old PBKDF2 format: verify() fills
    // it (the slow part, off the event loop), finish() stores it.
    std::optional<std::string> rehashed;
  };

  std::variant<Result, Pending> begin(std::optional<std::string_view> secret, std::string const& client, Millis now);
  // The slow part: touches nothing shared, so it may run on any thread. Fills pending.rehashed.
  static auth::Role verify(Pending& pending);
  Result finish(Pending const& pending, auth::Role found, Millis now);
  // No secret: the anonymous role (kiosk, or display when a kiosk key is set).
  Result authenticate(std::optional<std::string_view> secret, std::string const& client, Millis now);

private:
  std::optional<std::string> load(store::EventStore& store, std::string const& key,
                                  std::optional<std::string> const& given, bool generate);
  // Replaces the matched old-format hash with pending.rehashed, in the store and here, unless the
  // role's hash changed meanwhile. A store that refuses the write leaves the old hash, still valid.
  void upgrade(Pending const& pending, auth::Role found);
  bool trusted(std::string const& client, Millis now) const;
  void succeeded(std::string const& client, Millis now);

  store::EventStore& store_;
  std::map<std::string, std::string> generated_;  // before the hashes: load() fills it
  std::optional<std::string> volunteer_hash_, organiser_hash_, kiosk_hash_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, auth::Role> verified_;
  auth::Throttle throttle_;
  auth::GuessBudget budget_;
  std::unordered_map<std::string, Millis> trusted_;  // address -> time of its last successful sign-in
  std::size_t in_flight_ = 0;                        // checks begun and not yet finished
};

}  // namespace tent::app
