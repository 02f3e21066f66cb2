#pragma once
// Whole numbers in request targets: the seq a reconnecting WebSocket client says it has (/ws?since=N),
// and the replication feed's since and wait.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tent::app {

// The target's ?since= value (percent-decoded, as Boost.URL reads a query): decimal digits only,
// 0 to 2^63-1. Anything else (absent, a sign, a fraction, trailing text, overflow, a target that is
// not a URL path) is nullopt, and the client gets a snapshot.
std::optional<std::int64_t> parse_since(std::string_view target);

// The target's ?run= value (the server run a client's seqs come from), or nullopt when absent.
std::optional<std::string> parse_run(std::string_view target);

// A new run id: 16 random hex digits.
std::string new_run_id();

// The same rule for one decoded value: decimal digits only, 0 to 2^63-1.
std::optional<std::int64_t> parse_count(std::string_view text);

}  // namespace tent::app
