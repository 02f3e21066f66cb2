#include "app/query.hpp"

#include <boost/url/parse.hpp>

#include <charconv>
#include <random>
#include <string>

namespace tent::app {

namespace {

// The decoded value of the target's query parameter `name`, or nullopt when it is absent (or the
// target is not a URL path).
std::optional<std::string> query_value(std::string_view target, std::string_view name) {
  auto const url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto const params = url->params();
  auto const it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

}  // namespace

std::optional<std::int64_t> parse_since(std::string_view target) {
  auto const since = query_value(target, "since");
  return since ? parse_count(*since) : std::nullopt;
}

std::optional<std::string> parse_run(std::string_view target) { return query_value(target, "run"); }

std::string new_run_id() {
  std::random_device random;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t value = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace tent::app
