#include "auth/sha256.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace tent::auth;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[auth]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {std::string(1'000'000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  }));
  CAPTURE(input.size());
  CHECK(to_hex(sha256(input)) == expected);
}

TEST_CASE("Feeding SHA-256 in pieces gives the same digest as one call", "[auth]") {
  // 200 bytes crosses three block boundaries; every split point exercises the buffering.
  std::string input;
  for (int i = 0; i < 200; ++i) input.push_back(static_cast<char>('a' + i % 26));
  auto const whole = sha256(input);
  for (std::size_t split = 0; split <= input.size(); ++split) {
    CAPTURE(split);
    Sha256 hasher;
    hasher.update(std::string_view(input).substr(0, split));
    hasher.update(std::string_view(input).substr(split));
    REQUIRE(hasher.finish() == whole);
  }
}

TEST_CASE("A finished hasher starts over from the empty message", "[auth]") {
  Sha256 hasher;
  hasher.update("abc");
  (void)hasher.finish();
  CHECK(to_hex(hasher.finish()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("to_hex writes two lower-case digits per byte", "[auth]") {
  std::array<std::uint8_t, 4> const bytes{0x00, 0x0f, 0xa0, 0xff};
  CHECK(to_hex(bytes) == "000fa0ff");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[auth]") {
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("HMAC-SHA256 hashes a key longer than a block first (RFC 4231 test case 6)", "[auth]") {
  std::string const key(131, '\xaa');
  CHECK(to_hex(hmac_sha256(key, "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("PBKDF2-HMAC-SHA256 matches published vectors", "[auth]") {
  auto [password, iterations, expected] = GENERATE(table<std::string, std::uint32_t, std::string>({
    {"password", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"},
    {"password", 2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"},
    {"password", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"},
    {"passwd", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"},  // RFC 7914, first 32 bytes
  }));
  CAPTURE(password, iterations);
  CHECK(to_hex(pbkdf2_hmac_sha256(password, "salt", iterations)) == expected);
}

TEST_CASE("PBKDF2 refuses zero iterations", "[auth]") {
  CHECK_THROWS_AS(pbkdf2_hmac_sha256("pw", "salt", 0), std::invalid_argument);
}
