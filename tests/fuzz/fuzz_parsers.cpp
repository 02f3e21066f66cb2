// libFuzzer target: the small parsers of untrusted text. The first byte picks one (modulo 8), the
// rest is its input: 0 a bib (normalise_bib), 1 a WebSocket target's ?since= (parse_since), 2 a
// time of day (parse_clock), 3 a results CSV of finish times, 4 a staffing plan (decode_plan).

#include "app/query.hpp"
#include "core/types.hpp"
#include "fuzz_check.hpp"
#include "protocol/errors.hpp"
#include "protocol/plan_json.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace tent;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view const text(reinterpret_cast<char const*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: {
      auto const bib = normalise_bib(text);
      if (!bib) return 0;
      FUZZ_CHECK(!bib->empty() && bib->size() <= 8);
      for (char c : *bib) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
      FUZZ_CHECK(normalise_bib(*bib) == bib);  // a normalised bib stays as it is
      break;
    }
    case 1: {
      auto const since = app::parse_since(text);
      if (!since) return 0;
      FUZZ_CHECK(*since >= 0);
      FUZZ_CHECK(boost::urls::parse_origin_form(text).has_value());  // only a URL has a query
      break;
    }
    case 2: {
      auto const t = protocol::parse_clock(text);
      if (!t) return 0;
      FUZZ_CHECK(*t >= 0 && *t < seconds(48 * 3600));
      FUZZ_CHECK(protocol::parse_clock(protocol::clock_text(*t)) == t);  // printed, it reads back
      break;
    }
    case 3: {
      auto const read = protocol::parse_finish_times_csv(text);
      FUZZ_CHECK(std::is_sorted(read.times.begin(), read.times.end()));
      FUZZ_CHECK(read.error.empty() == !read.times.empty());
      break;
    }
    case 4: {
      auto const body = protocol::parse_body(text, 64 * 1024);
      if (!body) return 0;
      auto const decoded = protocol::decode_plan(*body);
      if (!decoded.request) {
        FUZZ_CHECK(decoded.error.status == 400 || decoded.error.status == 422);
        return 0;
      }
      auto const& plan = decoded.request->plan;
      FUZZ_CHECK(std::is_sorted(plan.arrivals.begin(), plan.arrivals.end()));
      FUZZ_CHECK(plan.arrivals.size() <= static_cast<std::size_t>(protocol::max_plan_finishers));
      break;
    }
    default:
      break;
  }
  return 0;
}
