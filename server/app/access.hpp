#pragma once
// Who a request speaks for. Volunteer and organiser PINs (and the optional kiosk key) are kept
// hashed in the store's meta table; a PIN given in the config replaces the stored one, and a
// PIN that exists nowhere is generated at first start and reported once for printing.
// Wrong secrets are throttled per client address (auth::Throttle). A verified secret is
// remembered in memory so the deliberately slow hash runs once per secret, not per request.

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/pin.hpp"
#include "auth/throttle.hpp"
#include "core/types.hpp"
#include "store/event_store.hpp"

namespace tent::app {

struct Secrets {
  std::optional<std::string> volunteer_pin, organiser_pin, kiosk_key;
};

class Access {
 public:
  static constexpr std::size_t max_key_length = 64;

  Access(store::EventStore& store, Secrets const& config);

  // Secrets generated at this start (role name -> PIN), to print once.
  std::map<std::string, std::string> const& generated() const { return generated_; }
  bool kiosk_key_required() const { return kiosk_hash_.has_value(); }
  // The role of a caller without a secret: kiosk, or display once a kiosk key is set.
  auth::Role anonymous() const { return kiosk_hash_ ? auth::Role::display : auth::Role::kiosk; }
  // Sets (or, with an empty key, removes) the key kiosks must present. Kept like the PINs.
  void set_kiosk_key(store::EventStore& store, std::string const& key);

  struct Result {
    auth::Role role = auth::Role::none;
    int status = 200;          // 401 wrong secret, 429 throttled
    Millis retry_after = 0;
  };
  // No secret: the anonymous role (kiosk, or display when a kiosk key is set).
  Result authenticate(std::optional<std::string_view> secret, std::string const& client, Millis now);

 private:
  std::optional<std::string> load(store::EventStore& store, std::string const& key,
                                  std::optional<std::string> const& given, bool generate);

  std::map<std::string, std::string> generated_;  // before the hashes: load() fills it
  std::optional<std::string> volunteer_hash_, organiser_hash_, kiosk_hash_;
  std::unordered_map<std::string, auth::Role> verified_;
  auth::Throttle throttle_;
};

}  // namespace tent::app
