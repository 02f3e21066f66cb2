#include "app/access.hpp"

#include "log/logger.hpp"

#include <algorithm>
#include <stdexcept>

namespace tent::app {

namespace {

constexpr Millis trust_for = seconds(60 * 60);
constexpr std::size_t max_trusted = 1000;
constexpr Millis busy_retry = seconds(1);

Secrets const& checked(Secrets const& s) {
  if (s.organiser_pin && !s.organiser_pin->empty() && s.organiser_pin->size() < Access::min_organiser_pin)
    throw std::invalid_argument("the organiser PIN must have at least " + std::to_string(Access::min_organiser_pin) +
                                " digits");
  return s;
}

}  // namespace

namespace {

// The secret's hash, stored under key; returned.
std::string store_secret(store::EventStore& store, std::string const& key, std::string const& secret) {
  auto hash = auth::hash_secret(secret);
  store.set_meta(key, hash);
  return hash;
}

}  // namespace

Access::Access(store::EventStore& store, Secrets const& config)
    : store_(store),
      volunteer_hash_(load(store, "volunteer", checked(config).volunteer_pin, true)),
      organiser_hash_(load(store, "organiser", config.organiser_pin, true)),
      kiosk_hash_(load(store, "kiosk", config.kiosk_key, false)) {}

std::optional<std::string> Access::load(store::EventStore& store, std::string const& role,
                                        std::optional<std::string> const& given, bool generate) {
  auto const key = "secret." + role;
  if (given && !given->empty()) return store_secret(store, key, *given);
  if (auto stored = store.meta(key); stored && !stored->empty()) return stored;
  if (!generate) return std::nullopt;
  auto pin = new_pin();
  generated_[role] = pin;
  return store_secret(store, key, pin);
}

void Access::store_pin(store::EventStore& store, std::string const& role, std::string const& pin) {
  store_secret(store, "secret." + role, pin);
}

std::string Access::new_pin() { return auth::generate_pin(min_organiser_pin); }

void Access::set_kiosk_key(store::EventStore& store, std::string const& key) {
  auto hash = key.empty() ? std::string{} : auth::hash_secret(key);
  store.set_meta("secret.kiosk", hash);  // an empty value means no key
  kiosk_hash_ = key.empty() ? std::nullopt : std::optional<std::string>(hash);
  ++generation_;
  std::erase_if(verified_, [](auto const& entry) { return entry.second == auth::Role::kiosk; });
}

bool Access::trusted(std::string const& client, Millis now) const {
  auto const it = trusted_.find(client);
  return it != trusted_.end() && now - it->second < trust_for;
}

std::variant<Access::Result, Access::Pending> Access::begin(std::optional<std::string_view> secret,
                                                            std::string const& client, Millis now) {
  if (!secret || secret->empty()) return Result{anonymous()};
  // A locked-out client is refused before any secret is looked at, a right one included.
  if (auto wait = throttle_.retry_after(client, now); wait > 0) return Result{auth::Role::none, 429, wait};
  if (!trusted(client, now))
    if (auto wait = budget_.retry_after(now); wait > 0) return Result{auth::Role::none, 429, wait};
  std::string s(*secret);
  if (auto it = verified_.find(s); it != verified_.end()) {
    succeeded(client, now);
    return Result{it->second};
  }
  if (in_flight_ >= max_in_flight) return Result{auth::Role::none, 429, busy_retry};
  ++in_flight_;
  Pending p{std::move(s), client, {}, generation_, std::nullopt};
  if (organiser_hash_) p.hashes.emplace_back(auth::Role::organiser, *organiser_hash_);
  if (volunteer_hash_) p.hashes.emplace_back(auth::Role::volunteer, *volunteer_hash_);
  if (kiosk_hash_) p.hashes.emplace_back(auth::Role::kiosk, *kiosk_hash_);
  return p;
}

auth::Role Access::verify(Pending& pending) {
  for (auto const& [role, hash] : pending.hashes) {
    if (!auth::verify_secret(pending.secret, hash)) continue;
    if (auth::is_legacy_hash(hash)) {
      try {
        pending.rehashed = auth::hash_secret(pending.secret);
      } catch (std::exception const&) {
        // No memory for Argon2id just now: the old hash stays and still verifies.
      }
    }
    return role;
  }
  return auth::Role::none;
}

void Access::upgrade(Pending const& pending, auth::Role found) {
  auto* const current = found == auth::Role::organiser   ? &organiser_hash_
                        : found == auth::Role::volunteer ? &volunteer_hash_
                                                         : &kiosk_hash_;
  auto const matched = std::find_if(pending.hashes.begin(), pending.hashes.end(),
                                    [found](auto const& entry) { return entry.first == found; });
  if (matched == pending.hashes.end() || *current != matched->second) return;
  try {
    store_.set_meta("secret." + std::string(auth::to_string(found)), *pending.rehashed);
    *current = pending.rehashed;
  } catch (std::exception const& e) {
    log::error("auth", "the " + std::string(auth::to_string(found)) + " secret keeps its old hash: " + e.what(),
               {{"role", auth::to_string(found)}});
  }
}

Access::Result Access::finish(Pending const& pending, auth::Role found, Millis now) {
  --in_flight_;
  // A kiosk key that changed while this check ran: the old key no longer counts, and it was no guess.
  if (found == auth::Role::kiosk && pending.generation != generation_) return {auth::Role::none, 401, 0};
  if (found == auth::Role::none) {
    log::debug("auth", "a wrong PIN or key from " + pending.client, {{"remote", pending.client}});
    throttle_.failure(pending.client, now);
    if (auto const pause = budget_.failure(now); pause > 0) {
      auto const recent = budget_.recent(now);
      log::warn("auth",
                std::to_string(recent) + " wrong PINs in the last minute (the latest from " + pending.client +
                    "): PIN checks from new addresses paused for " + std::to_string(pause / 1000) + " s",
                {{"wrong_pins", recent}, {"remote", pending.client}, {"pause_s", pause / 1000}});
    }
    return {auth::Role::none, 401, 0};
  }
  log::debug("auth", "signed in as " + std::string(auth::to_string(found)) + " from " + pending.client,
             {{"role", auth::to_string(found)}, {"remote", pending.client}});
  succeeded(pending.client, now);
  if (pending.rehashed) upgrade(pending, found);
  if (verified_.size() < 64) verified_.emplace(pending.secret, found);
  return {found};
}

void Access::succeeded(std::string const& client, Millis now) {
  throttle_.success(client);
  if (trusted_.size() >= max_trusted)
    std::erase_if(trusted_, [&](auto const& e) { return now - e.second >= trust_for; });
  if (trusted_.size() < max_trusted || trusted_.count(client)) trusted_[client] = now;
}

Access::Result Access::authenticate(std::optional<std::string_view> secret, std::string const& client, Millis now) {
  auto begun = begin(secret, client, now);
  if (auto const* r = std::get_if<Result>(&begun)) return *r;
  auto& pending = std::get<Pending>(begun);
  return finish(pending, verify(pending), now);
}

}  // namespace tent::app
