// Who a secret makes a caller, and how guessing is slowed: per address and for the whole server.

#include "app/access.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using app::Access;

namespace {

constexpr Millis start = 1'795'000'000'000;

// Made by the PBKDF2 code the server used before libsodium, as a database of that version holds them.
constexpr std::string_view legacy_volunteer_1111 =
    "pbkdf2-sha256$20000$3566323136666530646439653637306435366664393966363062333737636462$"
    "b9d0cd29c9e3908443f8c9be1f84573ed275c3e9d838a8dc99c1f31812b8ce0c";
constexpr std::string_view legacy_organiser_735102 =
    "pbkdf2-sha256$20000$6662333963356537633066653037326436663263333132353838353433653039$"
    "6a4829be9b91fe26a8f9acbdb3c25566e34a0c99fd8eca7ae066c77f92fa0525";

}  // namespace

TEST_CASE("An organiser PIN shorter than six digits is refused", "[app][auth]") {
  store::EventStore store(":memory:");
  CHECK_THROWS_WITH(Access(store, {"1111", "2222", std::nullopt}), Catch::Contains("at least 6 digits"));
  Access access(store, {"1111", "222222", std::nullopt});
  CHECK(access.authenticate("222222", "10.0.0.1", start).role == auth::Role::organiser);
}

TEST_CASE("Generated PINs have six digits", "[app][auth]") {
  store::EventStore store(":memory:");
  Access access(store, {});
  REQUIRE(access.generated().size() == 2);
  for (auto const& [role, pin] : access.generated()) {
    CHECK(pin.size() == 6);
    CHECK(access.authenticate(pin, "10.0.0.1", start).status == 200);
  }
}

TEST_CASE("Thirty wrong PINs a minute from many addresses pause PIN checks for new addresses", "[app][auth]") {
  store::EventStore store(":memory:");
  Access access(store, {"1111", "222222", std::nullopt});
  Millis now = start;
  REQUIRE(access.authenticate("1111", "10.0.0.200", now).status == 200);  // a volunteer already signed in
  for (int i = 0; i < 30; ++i) {  // each address stays under its own 5 free tries
    CHECK(access.authenticate("9999", "10.0.1." + std::to_string(i), now).status == 401);
    now += 100;
  }
  CHECK(access.authenticate("9999", "10.0.2.1", now).status == 401);   // the 31st: a pause begins
  auto const paused = access.authenticate("222222", "10.0.2.2", now);  // even a right PIN from a new address
  CHECK(paused.status == 429);
  CHECK(paused.retry_after == seconds(1));
  CHECK(access.authenticate("1111", "10.0.0.200", now).status == 200);  // known addresses carry on
  now += seconds(1);
  CHECK(access.authenticate("222222", "10.0.2.2", now).status == 200);
  SECTION("a wrong PIN from a known address is still checked, and counts") {
    CHECK(access.authenticate("9998", "10.0.0.200", now).status == 401);
    CHECK(access.authenticate("222222", "10.0.2.3", now).retry_after == seconds(2));
  }
}

TEST_CASE("A PIN check can run off the event loop in three steps", "[app][auth]") {
  store::EventStore store(":memory:");
  Access access(store, {"1111", "222222", std::nullopt});
  auto begun = access.begin(std::string_view("1111"), "10.0.0.1", start);
  REQUIRE(std::holds_alternative<Access::Pending>(begun));
  auto& pending = std::get<Access::Pending>(begun);
  auto const found = Access::verify(pending);
  CHECK(found == auth::Role::volunteer);
  CHECK(access.finish(pending, found, start).role == auth::Role::volunteer);
  // Verified once: the next time is answered from memory.
  CHECK(std::holds_alternative<Access::Result>(access.begin(std::string_view("1111"), "10.0.0.1", start)));

  SECTION("a kiosk key changed while its check ran is not granted") {
    access.set_kiosk_key(store, "old-key");
    auto old = access.begin(std::string_view("old-key"), "10.0.0.2", start);
    REQUIRE(std::holds_alternative<Access::Pending>(old));
    access.set_kiosk_key(store, "new-key");
    auto& p = std::get<Access::Pending>(old);
    CHECK(access.finish(p, Access::verify(p), start).status == 401);
  }
  SECTION("too many checks at once are refused until some finish") {
    std::vector<Access::Pending> running;
    for (std::size_t i = 0; i < Access::max_in_flight; ++i) {
      auto b = access.begin(std::string_view("5555" + std::to_string(i)), "10.0.3." + std::to_string(i), start);
      REQUIRE(std::holds_alternative<Access::Pending>(b));
      running.push_back(std::get<Access::Pending>(std::move(b)));
    }
    auto busy = access.begin(std::string_view("123456"), "10.0.4.1", start);
    REQUIRE(std::holds_alternative<Access::Result>(busy));
    CHECK(std::get<Access::Result>(busy).status == 429);
    access.finish(running.back(), auth::Role::none, start);
    CHECK(std::holds_alternative<Access::Pending>(access.begin(std::string_view("123456"), "10.0.4.1", start)));
  }
}

TEST_CASE("A PIN stored by the PBKDF2 code of earlier versions signs in and is then stored as Argon2id",
          "[app][auth]") {
  store::EventStore store(":memory:");
  store.set_meta("secret.volunteer", legacy_volunteer_1111);
  store.set_meta("secret.organiser", legacy_organiser_735102);
  {
    Access access(store, {});
    CHECK(access.generated().empty());
    CHECK(access.authenticate("1112", "10.0.0.1", start).status == 401);
    CHECK(store.meta("secret.volunteer") == legacy_volunteer_1111);  // a wrong PIN changes nothing

    CHECK(access.authenticate("1111", "10.0.0.1", start).role == auth::Role::volunteer);
    auto const upgraded = store.meta("secret.volunteer");
    REQUIRE(upgraded);
    CHECK(upgraded->starts_with("$argon2id$"));
    CHECK(auth::verify_secret("1111", *upgraded));
    CHECK(store.meta("secret.organiser") == legacy_organiser_735102);  // not signed in with yet: as it was

    SECTION("through the three steps the server uses, the hashing included in the slow one") {
      auto begun = access.begin(std::string_view("735102"), "10.0.0.2", start);
      REQUIRE(std::holds_alternative<Access::Pending>(begun));
      auto& pending = std::get<Access::Pending>(begun);
      CHECK_FALSE(pending.rehashed);
      CHECK(Access::verify(pending) == auth::Role::organiser);
      REQUIRE(pending.rehashed);
      CHECK(store.meta("secret.organiser") == legacy_organiser_735102);  // stored by finish, on the event loop
      CHECK(access.finish(pending, auth::Role::organiser, start).role == auth::Role::organiser);
      CHECK(store.meta("secret.organiser") == pending.rehashed);
    }
  }
  // After a restart the new hash is the one read, and it still takes the same PIN.
  Access again(store, {});
  CHECK(again.authenticate("1111", "10.0.0.3", start).role == auth::Role::volunteer);
  CHECK(again.authenticate("1112", "10.0.0.3", start).status == 401);
}
