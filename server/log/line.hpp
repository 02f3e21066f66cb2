#pragma once
// One log record and its two written forms, as pure functions of the record (the time and the
// zone's offset are given).
//
//   text: "12:04:31 warn  net: ws session 42 (10.0.0.7) is not reading ..." -- local time to the
//         second, the level padded to five, the component and the message. The message is complete
//         on its own: fields are not repeated in text. Control characters (a line break in an
//         exception's message) are written as \n, \r, \t or \xHH, so a record is always one line.
//   json: {"ts":"2026-12-02T12:04:31.123Z","level":"warn","component":"net","msg":"...",
//          "session":42,"remote":"10.0.0.7"} -- UTC to the millisecond, then the fields in the order
//         given. nlohmann/json escapes quotes and control characters; bytes that are not UTF-8 become
//         U+FFFD. A field named ts, level, component or msg is dropped (the record's own keys win).
//
// What never goes into a record: a PIN, a key, a runner's name, a roster row or a request body.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace tent::log {

enum class Level { debug, info, warn, error };
enum class Format { text, json };

// A typed value beside the message, for a machine to filter on: {"session", 42}, {"remote", ip}.
struct Field {
  std::string_view key;
  nlohmann::json value;
};
using Fields = std::initializer_list<Field>;

struct Record {
  std::int64_t at_ms = 0;  // ms since the epoch, UTC
  Level level = Level::info;
  std::string_view component;  // "net", "app", "auth", "store", "backup"
  std::string_view msg;
  Fields fields;
};

// The record as one line, ending in '\n'. `utc_offset_s` is the local zone's offset at the record's
// time (text only).
std::string format_line(Record const& record, Format format, std::int32_t utc_offset_s);

std::string_view to_string(Level level);
std::string_view to_string(Format format);
// "debug", "info", "warn" (or "warning"), "error"; nullopt otherwise.
std::optional<Level> parse_level(std::string_view text);

}  // namespace tent::log
