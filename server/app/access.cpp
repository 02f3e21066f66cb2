#include "app/access.hpp"

namespace tent::app {

Access::Access(store::EventStore& store, Secrets const& config)
    : volunteer_hash_(load(store, "volunteer", config.volunteer_pin, true)),
      organiser_hash_(load(store, "organiser", config.organiser_pin, true)),
      kiosk_hash_(load(store, "kiosk", config.kiosk_key, false)) {}

std::optional<std::string> Access::load(store::EventStore& store, std::string const& role,
                                        std::optional<std::string> const& given, bool generate) {
  auto const key = "secret." + role;
  if (given && !given->empty()) {
    auto hash = auth::hash_secret(*given, auth::generate_salt());
    store.set_meta(key, hash);
    return hash;
  }
  if (auto stored = store.meta(key); stored && !stored->empty()) return stored;
  if (!generate) return std::nullopt;
  auto pin = auth::generate_pin();
  auto hash = auth::hash_secret(pin, auth::generate_salt());
  store.set_meta(key, hash);
  generated_[role] = pin;
  return hash;
}

void Access::set_kiosk_key(store::EventStore& store, std::string const& key) {
  auto hash = key.empty() ? std::string{} : auth::hash_secret(key, auth::generate_salt());
  store.set_meta("secret.kiosk", hash);  // an empty value means no key
  kiosk_hash_ = key.empty() ? std::nullopt : std::optional<std::string>(hash);
  std::erase_if(verified_, [](auto const& entry) { return entry.second == auth::Role::kiosk; });
}

Access::Result Access::authenticate(std::optional<std::string_view> secret, std::string const& client, Millis now) {
  if (!secret || secret->empty()) return {anonymous()};
  // A locked-out client is refused before any secret is looked at, a right one included.
  if (auto wait = throttle_.retry_after(client, now); wait > 0) return {auth::Role::none, 429, wait};
  std::string const s(*secret);
  if (auto it = verified_.find(s); it != verified_.end()) return {it->second};
  auth::Role role = auth::Role::none;
  if (organiser_hash_ && auth::verify_secret(s, *organiser_hash_)) role = auth::Role::organiser;
  else if (volunteer_hash_ && auth::verify_secret(s, *volunteer_hash_)) role = auth::Role::volunteer;
  else if (kiosk_hash_ && auth::verify_secret(s, *kiosk_hash_)) role = auth::Role::kiosk;
  if (role == auth::Role::none) {
    throttle_.failure(client, now);
    return {auth::Role::none, 401, 0};
  }
  throttle_.success(client);
  if (verified_.size() < 64) verified_.emplace(s, role);
  return {role};
}

}  // namespace tent::app
