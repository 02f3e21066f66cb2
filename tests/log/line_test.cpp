// The two written forms of a log record: text for a person, JSON for a machine.

#include "log/line.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using tent::log::Format;
using tent::log::Level;
using tent::log::Record;

namespace {

// 2026-12-02T12:04:31.123Z
constexpr std::int64_t at = 1796213071123;

std::string text(Record const& r, std::int32_t offset_s = 0) { return format_line(r, Format::text, offset_s); }
nlohmann::json json_of(Record const& r) {
  auto const line = format_line(r, Format::json, 0);
  REQUIRE(line.back() == '\n');
  REQUIRE(line.find('\n') == line.size() - 1);
  return nlohmann::json::parse(line);
}

}  // namespace

TEST_CASE("A text line is the local time, the level padded to five, the component and the message", "[log]") {
  Record const r{at, Level::warn, "net", "ws session 42 (10.0.0.7) is not reading", {{"session", 42}}};
  CHECK(text(r) == "12:04:31 warn  net: ws session 42 (10.0.0.7) is not reading\n");
  CHECK(text(r, 3600) == "13:04:31 warn  net: ws session 42 (10.0.0.7) is not reading\n");
  CHECK(text({at, Level::error, "store", "x", {}}, -7200) == "10:04:31 error store: x\n");
  CHECK(text({at, Level::info, "app", "x", {}}) == "12:04:31 info  app: x\n");
  CHECK(text({at, Level::debug, "app", "x", {}}) == "12:04:31 debug app: x\n");
}

TEST_CASE("A JSON line holds ts, level, component, msg and then the fields with their types", "[log]") {
  Record const r{at,
                 Level::warn,
                 "net",
                 "ws session 42 is not reading",
                 {{"session", 42}, {"remote", "10.0.0.7"}, {"slow", true}, {"ratio", 0.5}}};
  auto const line = format_line(r, Format::json, 3600);
  CHECK(line.rfind(R"({"ts":"2026-12-02T12:04:31.123Z","level":"warn","component":"net","msg":)", 0) == 0);
  auto const j = json_of(r);
  CHECK(j["msg"] == "ws session 42 is not reading");
  CHECK(j["session"] == 42);
  CHECK(j["remote"] == "10.0.0.7");
  CHECK(j["slow"] == true);
  CHECK(j["ratio"] == 0.5);
  CHECK(json_of({0, Level::info, "app", "x", {}})["ts"] == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("Quotes, line breaks and control characters stay inside one line in both forms", "[log]") {
  std::string const nasty = "say \"hi\"\nthen\r\tgo\x01\x1b[31m end\\";
  Record const r{at, Level::error, "app", nasty, {{"detail", nasty}}};
  auto const t = text(r);
  CHECK(t == "12:04:31 error app: say \"hi\"\\nthen\\r\\tgo\\x01\\x1B[31m end\\\n");
  CHECK(t.find('\n') == t.size() - 1);
  auto const j = json_of(r);
  CHECK(j["msg"] == nasty);
  CHECK(j["detail"] == nasty);
}

TEST_CASE("Bytes that are not UTF-8 do not stop a JSON line from being written", "[log]") {
  std::string const latin1 = "M\xFCller.db";
  auto const j = json_of({at, Level::warn, "store", "cannot open " + latin1, {{"file", latin1}}});
  CHECK(j["msg"] == "cannot open M\xEF\xBF\xBDller.db");
  CHECK(j["file"] == "M\xEF\xBF\xBDller.db");
}

TEST_CASE("A field cannot replace the record's own keys", "[log]") {
  auto const j = json_of({at, Level::info, "app", "real", {{"msg", "fake"}, {"level", "error"}, {"ts", 1}}});
  CHECK(j["msg"] == "real");
  CHECK(j["level"] == "info");
  CHECK(j["ts"] == "2026-12-02T12:04:31.123Z");
  CHECK(j.size() == 4);
}

TEST_CASE("Levels are read from their names", "[log]") {
  CHECK(tent::log::parse_level("debug") == Level::debug);
  CHECK(tent::log::parse_level("info") == Level::info);
  CHECK(tent::log::parse_level("warn") == Level::warn);
  CHECK(tent::log::parse_level("warning") == Level::warn);
  CHECK(tent::log::parse_level("error") == Level::error);
  CHECK_FALSE(tent::log::parse_level("loud"));
  CHECK_FALSE(tent::log::parse_level("INFO"));
}
