#include "app/query.hpp"

#include <boost/url/parse.hpp>

#include <charconv>
#include <string>

namespace tent::app {

std::optional<std::int64_t> parse_since(std::string_view target) {
  auto const url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto const params = url->params();
  auto const it = params.find("since");
  if (it == params.end()) return std::nullopt;
  auto const param = *it;
  std::string_view const text = param.value;
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t value = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace tent::app
