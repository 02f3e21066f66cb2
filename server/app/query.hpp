#pragma once
// Values from a request target's query string ("/ws?since=42"), for ids and numbers only: nothing
// is percent-decoded.

#include <cstdint>
#include <optional>
#include <string_view>

namespace tent::app {

// The raw value of the first `name=` in the query; "" for a bare `name`; nullopt when absent.
std::optional<std::string_view> query_param(std::string_view target, std::string_view name);

// The seq a reconnecting client says it has (?since=N): decimal digits only, 0 to 2^63-1; anything
// else (a sign, a fraction, trailing text, overflow) is nullopt, and the client gets a snapshot.
std::optional<std::int64_t> parse_since(std::string_view target);

}  // namespace tent::app
