#include "auth/pin.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace tent::auth;

namespace {
constexpr std::uint32_t fast = 10;  // iterations for tests that do not measure the default
}

TEST_CASE("A hashed secret verifies with the same secret", "[auth]") {
  std::string const stored = hash_secret("482913", generate_salt(), fast);
  CHECK(verify_secret("482913", stored));
}

TEST_CASE("The default iteration count is recorded and verifies", "[auth]") {
  std::string const stored = hash_secret("1234", "salt");
  CHECK(stored.rfind("pbkdf2-sha256$20000$", 0) == 0);
  CHECK(verify_secret("1234", stored));
}

TEST_CASE("Stored text has the scheme, iterations, salt hex and hash hex", "[auth]") {
  // PBKDF2-HMAC-SHA256("password", "salt", 2), see sha256_test.
  CHECK(hash_secret("password", "salt", 2) ==
        "pbkdf2-sha256$2$73616c74$ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
}

TEST_CASE("A wrong secret does not verify", "[auth]") {
  std::string const stored = hash_secret("482913", generate_salt(), fast);
  auto const wrong = GENERATE(as<std::string>{}, "482914", "", "48291", "4829130", " 482913");
  CAPTURE(wrong);
  CHECK_FALSE(verify_secret(wrong, stored));
}

TEST_CASE("A stored digest differing from the computed one in any single byte does not verify", "[auth]") {
  std::string const good = hash_secret("1234", "salt", 2);
  REQUIRE(verify_secret("1234", good));
  std::size_t const digest_at = good.rfind('$') + 1;
  auto const byte = GENERATE(range(std::size_t{0}, std::size_t{32}));
  std::string tampered = good;
  char& c = tampered[digest_at + 2 * byte + 1];
  c = (c == '0') ? '1' : '0';
  CAPTURE(byte);
  CHECK_FALSE(verify_secret("1234", tampered));
}

TEST_CASE("Different salts give different hashes of the same secret", "[auth]") {
  std::string const a = hash_secret("482913", "salt-a", fast);
  std::string const b = hash_secret("482913", "salt-b", fast);
  CHECK(a.substr(a.rfind('$')) != b.substr(b.rfind('$')));
  CHECK(verify_secret("482913", a));
  CHECK(verify_secret("482913", b));
}

TEST_CASE("Malformed stored text verifies false without throwing", "[auth]") {
  std::string const good = hash_secret("1234", "salt", 2);
  REQUIRE(verify_secret("1234", good));
  std::string const hash = "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43";
  auto const stored = GENERATE_COPY(values<std::string>({
    "",
    "$$$",
    "1234",
    "pbkdf2-sha256",
    "pbkdf2-sha1$2$73616c74$" + hash,           // other scheme
    "pbkdf2-sha256$0$73616c74$" + hash,         // zero iterations
    "pbkdf2-sha256$-2$73616c74$" + hash,        // negative
    "pbkdf2-sha256$02$73616c74$" + hash,        // leading zero
    "pbkdf2-sha256$x$73616c74$" + hash,         // not a number
    "pbkdf2-sha256$99999999999$73616c74$" + hash,  // overflows uint32
    "pbkdf2-sha256$1000001$73616c74$" + hash,   // above max_iterations
    "pbkdf2-sha256$2$73616c7$" + hash,          // odd-length salt
    "pbkdf2-sha256$2$73616g74$" + hash,         // non-hex salt
    "pbkdf2-sha256$2$73616c74$" + hash.substr(2),  // short digest
    "pbkdf2-sha256$2$73616c74$" + hash + "00",  // long digest
    "pbkdf2-sha256$2$73616c74$" + hash.substr(1) + "z",  // non-hex digest
    "pbkdf2-sha256$2$73616c74$" + hash + "$",   // extra field
    "pbkdf2-sha256$2$73616c74",                 // missing field
  }));
  CAPTURE(stored);
  bool result = true;
  REQUIRE_NOTHROW(result = verify_secret("1234", stored));
  CHECK_FALSE(result);
}

TEST_CASE("Upper-case hex in stored text is accepted", "[auth]") {
  CHECK(verify_secret("password",
                      "pbkdf2-sha256$2$73616C74$AE4D0C95AF6B46D32D0ADFF928F06DD02A303F8EF3C251DFD6E2D85A95474C43"));
}

TEST_CASE("hash_secret refuses iteration counts verify_secret would reject", "[auth]") {
  CHECK_THROWS_AS(hash_secret("1234", "salt", 0), std::invalid_argument);
  CHECK_THROWS_AS(hash_secret("1234", "salt", max_iterations + 1), std::invalid_argument);
}

TEST_CASE("Roles are ordered organiser > volunteer > kiosk > display > none", "[auth]") {
  auto [have, need, allowed] = GENERATE(table<Role, Role, bool>({
    {Role::none, Role::none, true},           {Role::none, Role::display, false},
    {Role::display, Role::display, true},     {Role::display, Role::kiosk, false},
    {Role::kiosk, Role::display, true},       {Role::kiosk, Role::kiosk, true},
    {Role::kiosk, Role::volunteer, false},    {Role::volunteer, Role::kiosk, true},
    {Role::volunteer, Role::volunteer, true}, {Role::volunteer, Role::organiser, false},
    {Role::organiser, Role::display, true},   {Role::organiser, Role::kiosk, true},
    {Role::organiser, Role::volunteer, true}, {Role::organiser, Role::organiser, true},
    {Role::display, Role::organiser, false},  {Role::none, Role::organiser, false},
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
    {"1234", true}, {"000000", true}, {"123456789012", true},
    {"123", false}, {"1234567890123", false}, {"", false},
    {"12a4", false}, {"12 34", false}, {"-1234", false}, {"１２３４", false},
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

TEST_CASE("Generated PINs and salts vary", "[auth]") {
  // 12-digit PINs and 128-bit salts: a repeat in 20 draws would mean the source is not random.
  std::set<std::string> pins;
  std::set<std::string> salts;
  for (int i = 0; i < 20; ++i) {
    pins.insert(generate_pin(12));
    salts.insert(generate_salt());
  }
  CHECK(pins.size() == 20);
  CHECK(salts.size() == 20);
}

TEST_CASE("A generated salt is 32 lower-case hex characters", "[auth]") {
  std::string const salt = generate_salt();
  CHECK(salt.size() == 32);
  CHECK(salt.find_first_not_of("0123456789abcdef") == std::string::npos);
}
