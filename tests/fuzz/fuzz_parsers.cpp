// libFuzzer target: the small parsers of untrusted text. The first byte picks one, the rest is its
// input: 0 a bib (normalise_bib), 1 a WebSocket target's ?since= (parse_since).

#include "app/query.hpp"
#include "core/types.hpp"
#include "fuzz_check.hpp"

#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace tent;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view const text(reinterpret_cast<char const*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto const bib = normalise_bib(text);
    if (!bib) return 0;
    FUZZ_CHECK(!bib->empty() && bib->size() <= 8);
    for (char c : *bib) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
    FUZZ_CHECK(normalise_bib(*bib) == bib);  // a normalised bib stays as it is
  } else {
    auto const since = app::parse_since(text);
    if (!since) return 0;
    FUZZ_CHECK(*since >= 0);
    FUZZ_CHECK(boost::urls::parse_origin_form(text).has_value());  // only a URL has a query
  }
  return 0;
}
