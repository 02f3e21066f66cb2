#include "app/query.hpp"

#include <catch2/catch.hpp>

using tent::app::parse_since;

TEST_CASE("A since value is a plain decimal seq, anything else asks for a snapshot", "[app]") {
  CHECK(parse_since("/ws?since=0") == 0);
  CHECK(parse_since("/ws?since=42") == 42);
  CHECK(parse_since("/ws?since=007") == 7);
  CHECK(parse_since("/ws?since=9223372036854775807") == INT64_MAX);
  // Found by name wherever it stands in the query, and read as a URL is: percent-decoded.
  CHECK(parse_since("/ws?a=1&since=7&b") == 7);
  CHECK(parse_since("/ws?since=%31%32") == 12);
  auto const bad = GENERATE(as<std::string>{}, "/ws", "/ws?since", "/ws?since=", "/ws?since=-1", "/ws?since=+3",
                            "/ws?since=12abc", "/ws?since=1.5", "/ws?sincere=1", "/ws?since=%2D1", "/ws?since=%zz",
                            "/ws?", "ws?since=1", "/ws?since=9223372036854775808", "/ws?since= 1");
  CAPTURE(bad);
  CHECK_FALSE(parse_since(bad));
}
