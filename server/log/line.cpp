#include "log/line.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace tent::log {

namespace {

// `at_ms` broken down in UTC, shifted by `offset_s` first (so local time when offset_s is the zone's).
std::tm broken_down(std::int64_t at_ms, std::int32_t offset_s) {
  std::int64_t const seconds = at_ms / 1000 - (at_ms % 1000 < 0 ? 1 : 0);  // rounded down
  auto const t = static_cast<std::time_t>(seconds + offset_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    auto const u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      std::array<char, 5> hex{};
      std::snprintf(hex.data(), hex.size(), "\\x%02X", u);
      out += hex.data();
    } else {
      out.push_back(c);
    }
  }
}

std::string text_line(Record const& r, std::int32_t utc_offset_s) {
  auto const tm = broken_down(r.at_ms, utc_offset_s);
  std::array<char, 64> time{};
  std::snprintf(time.data(), time.size(), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string level(to_string(r.level));
  level.resize(5, ' ');
  std::string out = std::string(time.data()) + " " + level + " ";
  append_escaped(out, r.component);
  out += ": ";
  append_escaped(out, r.msg);
  out += '\n';
  return out;
}

std::string json_line(Record const& r) {
  auto const tm = broken_down(r.at_ms, 0);
  auto const ms = (r.at_ms % 1000 + 1000) % 1000;
  std::array<char, 64> ts{};
  std::snprintf(ts.data(), ts.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  nlohmann::ordered_json line = {
      {"ts", ts.data()}, {"level", to_string(r.level)}, {"component", r.component}, {"msg", r.msg}};
  for (auto const& f : r.fields)
    if (std::string key(f.key); !line.contains(key)) line[key] = f.value;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string format_line(Record const& record, Format format, std::int32_t utc_offset_s) {
  return format == Format::json ? json_line(record) : text_line(record, utc_offset_s);
}

std::string_view to_string(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string_view to_string(Format format) { return format == Format::json ? "json" : "text"; }

std::optional<Level> parse_level(std::string_view text) {
  if (text == "debug") return Level::debug;
  if (text == "info") return Level::info;
  if (text == "warn" || text == "warning") return Level::warn;
  if (text == "error") return Level::error;
  return std::nullopt;
}

}  // namespace tent::log
