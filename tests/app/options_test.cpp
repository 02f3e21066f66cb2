// The command line: limits.

#include <catch2/catch.hpp>

#include <vector>

#include "app/options.hpp"

using namespace tent::app;

namespace {

Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "massage-tent");
  std::vector<char const*> argv;
  for (auto const& a : args) argv.push_back(a.c_str());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("Connection and send limits can be set on the command line", "[app]") {
  auto o = parse({"serve", "--max-connections", "500", "--max-connections-per-address", "20", "--ws-send-buffer", "65536"});
  REQUIRE(o.options);
  CHECK(o.options->net.max_connections == 500);
  CHECK(o.options->net.max_connections_per_address == 20);
  CHECK(o.options->net.ws_send_bytes_max == 65536);
  auto defaults = parse({"serve"});
  CHECK(defaults.options->net.max_connections == 20'000);
  CHECK(defaults.options->net.max_connections_per_address == 200);
  CHECK(defaults.options->net.ws_send_bytes_max == 4u * 1024 * 1024);
  CHECK_FALSE(parse({"serve", "--max-connections", "0"}).options);
}
