#pragma once
// The seq a reconnecting WebSocket client says it has: /ws?since=N.

#include <cstdint>
#include <optional>
#include <string_view>

namespace tent::app {

// The target's ?since= value (percent-decoded, as Boost.URL reads a query): decimal digits only,
// 0 to 2^63-1. Anything else (absent, a sign, a fraction, trailing text, overflow, a target that is
// not a URL path) is nullopt, and the client gets a snapshot.
std::optional<std::int64_t> parse_since(std::string_view target);

}  // namespace tent::app
