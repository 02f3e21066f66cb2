#include "auth/pin.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace tent::auth;

namespace {

// Made by the PBKDF2-HMAC-SHA256 code the server used before libsodium (20,000 iterations, a random
// salt): a database written by that version holds hashes like this one, of the PIN "482913".
constexpr std::string_view legacy_482913 =
    "pbkdf2-sha256$20000$6634616564656235323734653334353531303061373665316561646561663033$"
    "71d5d89d689f09b308e570d3eca6a64f46d8cf877c73286e5650192315e1e583";
// PBKDF2-HMAC-SHA256("password", "salt", 2) in the same format: a published test vector.
constexpr std::string_view legacy_password =
    "pbkdf2-sha256$2$73616c74$ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43";

}  // namespace

TEST_CASE("A hashed secret verifies with the same secret", "[auth]") {
  std::string const stored = hash_secret("482913", cheapest_cost);
  CHECK(verify_secret("482913", stored));
  CHECK_FALSE(is_legacy_hash(stored));
}

TEST_CASE("New hashes are Argon2id strings that record the default cost", "[auth]") {
  std::string const stored = hash_secret("1234");
  CHECK(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(verify_secret("1234", stored));
}

TEST_CASE("Each hash of a secret has its own salt", "[auth]") {
  std::string const a = hash_secret("482913", cheapest_cost);
  std::string const b = hash_secret("482913", cheapest_cost);
  CHECK(a != b);
  CHECK(a.substr(0, a.rfind('$')) != b.substr(0, b.rfind('$')));  // the salts differ, not only the hashes
  CHECK(verify_secret("482913", a));
  CHECK(verify_secret("482913", b));
}

TEST_CASE("A wrong secret does not verify", "[auth]") {
  std::string const stored = hash_secret("482913", cheapest_cost);
  auto const wrong = GENERATE(as<std::string>{}, "482914", "", "48291", "4829130", " 482913");
  CAPTURE(wrong);
  CHECK_FALSE(verify_secret(wrong, stored));
  CHECK_FALSE(verify_secret(wrong, legacy_482913));
}

TEST_CASE("A PIN hashed by the PBKDF2 code of earlier versions still verifies", "[auth]") {
  CHECK(is_legacy_hash(legacy_482913));
  CHECK(verify_secret("482913", legacy_482913));
  CHECK(verify_secret("password", legacy_password));
  CHECK_FALSE(verify_secret("password", legacy_482913));
}

TEST_CASE("A stored digest differing from the computed one in any single byte does not verify", "[auth]") {
  std::string_view const good = legacy_password;
  REQUIRE(verify_secret("password", good));
  std::size_t const digest_at = good.rfind('$') + 1;
  auto const byte = GENERATE(range(std::size_t{0}, std::size_t{32}));
  std::string tampered(good);
  char& c = tampered[digest_at + 2 * byte + 1];
  c = (c == '0') ? '1' : '0';
  CAPTURE(byte);
  CHECK_FALSE(verify_secret("password", tampered));
}

TEST_CASE("An Argon2id hash changed in any character of its salt or hash does not verify", "[auth]") {
  std::string const good = hash_secret("1234", cheapest_cost);
  REQUIRE(verify_secret("1234", good));
  std::size_t const salt_at = good.rfind('$', good.rfind('$') - 1) + 1;
  for (std::size_t i = salt_at; i < good.size(); ++i) {
    if (good[i] == '$') continue;
    std::string tampered = good;
    tampered[i] = (tampered[i] == 'A') ? 'B' : 'A';
    CAPTURE(i, tampered);
    CHECK_FALSE(verify_secret("1234", tampered));
  }
}

TEST_CASE("Malformed stored text verifies false without throwing", "[auth]") {
  std::string const hash = "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43";
  std::string const argon = hash_secret("1234", cheapest_cost);
  std::string const tail = argon.substr(argon.find("p=1$"));
  auto const stored = GENERATE_COPY(values<std::string>({
      "",
      "$$$",
      "1234",
      "pbkdf2-sha256",
      "pbkdf2-sha1$2$73616c74$" + hash,                    // other scheme
      "pbkdf2-sha256$0$73616c74$" + hash,                  // zero iterations
      "pbkdf2-sha256$-2$73616c74$" + hash,                 // negative
      "pbkdf2-sha256$02$73616c74$" + hash,                 // leading zero
      "pbkdf2-sha256$x$73616c74$" + hash,                  // not a number
      "pbkdf2-sha256$99999999999$73616c74$" + hash,        // overflows uint32
      "pbkdf2-sha256$1000001$73616c74$" + hash,            // above max_legacy_iterations
      "pbkdf2-sha256$2$73616c7$" + hash,                   // odd-length salt
      "pbkdf2-sha256$2$73616g74$" + hash,                  // non-hex salt
      "pbkdf2-sha256$2$73616c74$" + hash.substr(2),        // short digest
      "pbkdf2-sha256$2$73616c74$" + hash + "00",           // long digest
      "pbkdf2-sha256$2$73616c74$" + hash.substr(1) + "z",  // non-hex digest
      "pbkdf2-sha256$2$73616c74$" + hash + "$",            // extra field
      "pbkdf2-sha256$2$73616c74",                          // missing field
      "$argon2id$v=19$m=8,t=1,p=1$",                       // no salt nor hash
      "$argon2id$v=19$m=x,t=1,p=1$" + tail.substr(4),      // memory not a number
      "$argon2id$v=19$m=8,t=,p=1$" + tail.substr(4),       // passes missing
      "$argon2i$v=19$m=8,t=1,p=1$" + tail.substr(4),       // another Argon2 variant
      "$argon2id$v=16$m=8,t=1,p=1$" + tail.substr(4),      // another version
      argon.substr(0, argon.size() - 4),                   // hash cut short
      argon + "$",                                         // extra field
  }));
  CAPTURE(stored);
  bool result = true;
  REQUIRE_NOTHROW(result = verify_secret("1234", stored));
  CHECK_FALSE(result);
}

TEST_CASE("A stored hash asking for more than max_cost is refused without being computed", "[auth]") {
  // Computed, four billion passes would hold the PIN worker (and this test) for hours.
  std::string slow = hash_secret("1234", cheapest_cost);
  REQUIRE(slow.find(",t=1,") != std::string::npos);
  slow.replace(slow.find(",t=1,"), 5, ",t=4000000000,");
  CHECK_FALSE(verify_secret("1234", slow));
}

TEST_CASE("Upper-case hex in stored text is accepted", "[auth]") {
  CHECK(verify_secret("password",
                      "pbkdf2-sha256$2$73616C74$AE4D0C95AF6B46D32D0ADFF928F06DD02A303F8EF3C251DFD6E2D85A95474C43"));
}

TEST_CASE("hash_secret refuses costs verify_secret would reject or libsodium cannot use", "[auth]") {
  auto const cost = GENERATE(HashCost{0, 8 * 1024}, HashCost{1, 4 * 1024}, HashCost{max_cost.passes + 1, 8 * 1024},
                             HashCost{1, max_cost.memory + 1024});
  CAPTURE(cost.passes, cost.memory);
  CHECK_THROWS_AS(hash_secret("1234", cost), std::invalid_argument);
}

TEST_CASE("Roles are ordered organiser > volunteer > kiosk > display > none", "[auth]") {
  auto [have, need, allowed] = GENERATE(table<Role, Role, bool>({
      {Role::none, Role::none, true},
      {Role::none, Role::display, false},
      {Role::display, Role::display, true},
      {Role::display, Role::kiosk, false},
      {Role::kiosk, Role::display, true},
      {Role::kiosk, Role::kiosk, true},
      {Role::kiosk, Role::volunteer, false},
      {Role::volunteer, Role::kiosk, true},
      {Role::volunteer, Role::volunteer, true},
      {Role::volunteer, Role::organiser, false},
      {Role::organiser, Role::display, true},
      {Role::organiser, Role::kiosk, true},
      {Role::organiser, Role::volunteer, true},
      {Role::organiser, Role::organiser, true},
      {Role::display, Role::organiser, false},
      {Role::none, Role::organiser, false},
  }));
  CAPTURE(to_string(have), to_string(need));
  CHECK(allows(have, need) == allowed);
}

TEST_CASE("Role names round-trip and unknown names are refused", "[auth]") {
  for (Role const role : {Role::display, Role::kiosk, Role::volunteer, Role::organiser}) {
    CAPTURE(to_string(role));
    CHECK(role_from_string(to_string(role)) == role);
  }
  CHECK(to_string(Role::organiser) == "organiser");
  CHECK(to_string(Role::none) == "none");
  CHECK_FALSE(role_from_string("none"));
  CHECK_FALSE(role_from_string(""));
  CHECK_FALSE(role_from_string("Organiser"));
  CHECK_FALSE(role_from_string("admin"));
}

TEST_CASE("valid_pin accepts 4 to 12 digits only", "[auth]") {
  auto [pin, valid] = GENERATE(table<std::string, bool>({
      {"1234", true},
      {"000000", true},
      {"123456789012", true},
      {"123", false},
      {"1234567890123", false},
      {"", false},
      {"12a4", false},
      {"12 34", false},
      {"-1234", false},
      {"１２３４", false},
  }));
  CAPTURE(pin);
  CHECK(valid_pin(pin) == valid);
}

TEST_CASE("Generated PINs are valid and have the requested length", "[auth]") {
  auto const digits = GENERATE(std::size_t{4}, std::size_t{6}, std::size_t{12});
  std::string const pin = generate_pin(digits);
  CHECK(pin.size() == digits);
  CHECK(valid_pin(pin));
  CHECK(generate_pin().size() == 6);
}

TEST_CASE("generate_pin refuses lengths that would not be valid PINs", "[auth]") {
  CHECK_THROWS_AS(generate_pin(3), std::invalid_argument);
  CHECK_THROWS_AS(generate_pin(13), std::invalid_argument);
}

TEST_CASE("Generated PINs vary", "[auth]") {
  // 12-digit PINs: a repeat in 20 draws would mean the source is not random.
  std::set<std::string> pins;
  for (int i = 0; i < 20; ++i) pins.insert(generate_pin(12));
  CHECK(pins.size() == 20);
}

TEST_CASE("Generated PINs use every digit", "[auth]") {
  std::set<char> seen;
  for (int i = 0; i < 50; ++i)
    for (char const c : generate_pin(12)) seen.insert(c);
  CHECK(seen.size() == 10);  // 600 digits: missing one of ten by chance is below 1e-26
}

TEST_CASE("generate_status_key draws 12 characters of its alphabet, every one of them, and never the same key twice",
          "[auth]") {
  std::set<std::string> keys;
  std::set<char> seen;
  for (int i = 0; i < 2000; ++i) {
    auto const key = generate_status_key();
    REQUIRE(key.size() == status_key_length);
    for (char const c : key) {
      REQUIRE(status_key_alphabet.find(c) != std::string_view::npos);
      seen.insert(c);
    }
    keys.insert(key);
  }
  CHECK(keys.size() == 2000);
  CHECK(seen.size() == status_key_alphabet.size());
}
