// libFuzzer target: any bytes as a roster CSV file. Every entry it keeps has a normalised bib, bibs
// are unique, and every text is UTF-8 that serialises (the reader transcodes Windows-1252).

#include "fuzz_check.hpp"
#include "protocol/roster_csv.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

using namespace tent;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const parsed = protocol::parse_roster_csv(std::string_view(reinterpret_cast<char const*>(data), size));
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
