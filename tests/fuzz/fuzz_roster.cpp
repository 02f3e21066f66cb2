// libFuzzer target: any bytes as a roster CSV file, or (with a NUL byte) a column mapping before the
// NUL and the file after it. Every entry it keeps has a normalised bib, bibs are unique, and every
// text is UTF-8 that serialises (the reader transcodes Windows-1252), the mapping's errors too.

#include "fuzz_check.hpp"
#include "protocol/roster_csv.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

using namespace tent;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view text(reinterpret_cast<char const*>(data), size);
  protocol::RosterColumns columns;
  if (auto const nul = text.find('\0'); nul != std::string_view::npos) {
    auto const mapping = protocol::parse_roster_columns(text.substr(0, nul));
    (void)nlohmann::json(mapping.error).dump();
    if (mapping.columns) columns = *mapping.columns;
    text.remove_prefix(nul + 1);
  }
  auto const parsed = protocol::parse_roster_csv(text, columns);
  FUZZ_CHECK(parsed.header_error.empty() || parsed.entries.empty());
  (void)nlohmann::json(parsed.header_error).dump();
  std::set<Bib> bibs;
  for (auto const& e : parsed.entries) {
    FUZZ_CHECK(normalise_bib(e.bib) == e.bib);
    FUZZ_CHECK(bibs.insert(e.bib).second);
    (void)nlohmann::json{{"first", e.first_name}, {"last", e.last_name}, {"category", e.category}}.dump();
  }
  for (auto const& [line, reason] : parsed.rejected) {
    FUZZ_CHECK(line >= 1);
    (void)nlohmann::json(reason).dump();
  }
  return 0;
}
