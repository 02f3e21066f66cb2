#include <catch2/catch.hpp>

#include "app/query.hpp"

using tent::app::parse_since;
using tent::app::query_param;

TEST_CASE("A query parameter is found by name wherever it stands in the query", "[app]") {
  CHECK(query_param("/ws?since=5", "since") == "5");
  CHECK(query_param("/ws?a=1&since=7&b", "since") == "7");
  CHECK(query_param("/ws?a=1&since", "since") == "");
  CHECK_FALSE(query_param("/ws?sincere=1", "since"));
  CHECK_FALSE(query_param("/ws", "since"));
  CHECK_FALSE(query_param("/ws?", "since"));
}

TEST_CASE("A since value is a plain decimal seq; anything else asks for a snapshot", "[app]") {
  CHECK(parse_since("/ws?since=0") == 0);
  CHECK(parse_since("/ws?since=42") == 42);
  CHECK(parse_since("/ws?since=007") == 7);
  CHECK(parse_since("/ws?since=9223372036854775807") == INT64_MAX);
  auto const bad = GENERATE(as<std::string>{}, "/ws", "/ws?since", "/ws?since=", "/ws?since=-1", "/ws?since=+3",
                            "/ws?since=12abc", "/ws?since=1.5", "/ws?since=%31", "/ws?since=9223372036854775808",
                            "/ws?since= 1");
  CAPTURE(bad);
  CHECK_FALSE(parse_since(bad));
}
