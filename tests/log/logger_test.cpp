// The logger: the level filter, the format switch, and whole lines from many threads at once.

#include "log/logger.hpp"

#include "lines.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

using tent::log::Format;
using tent::log::Level;
using tent::log::Logger;
using tent::test::lines_of;

namespace {}  // namespace

TEST_CASE("Records below the level are dropped and the rest written in order", "[log]") {
  std::ostringstream sink;
  Logger logger(sink, [] { return std::int64_t{0}; });
  logger.set_format(Format::json);
  CHECK(logger.level() == Level::info);  // the default
  auto const all = [&] {
    logger.write(Level::debug, "app", "d");
    logger.write(Level::info, "app", "i");
    logger.write(Level::warn, "app", "w");
    logger.write(Level::error, "app", "e");
  };
  auto const messages = [&] {
    std::string out;
    for (auto const& line : lines_of(sink.str())) out += nlohmann::json::parse(line)["msg"].get<std::string>();
    sink.str("");
    return out;
  };
  all();
  CHECK(messages() == "iwe");
  logger.set_level(Level::debug);
  all();
  CHECK(messages() == "diwe");
  logger.set_level(Level::warn);
  all();
  CHECK(messages() == "we");
  logger.set_level(Level::error);
  CHECK_FALSE(logger.enabled(Level::warn));
  CHECK(logger.enabled(Level::error));
  all();
  CHECK(messages() == "e");
}

TEST_CASE("The format can be switched between text and JSON", "[log]") {
  std::ostringstream sink;
  Logger logger(sink, [] { return std::int64_t{1796213071123}; });
  CHECK(logger.format() == Format::text);  // the default
  logger.write(Level::info, "backup", "copied", {{"seq", 7}});
  logger.set_format(Format::json);
  logger.write(Level::info, "backup", "copied", {{"seq", 7}});
  auto const lines = lines_of(sink.str());
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::EndsWith(" info  backup: copied"));
  auto const j = nlohmann::json::parse(lines[1]);
  CHECK(j["ts"] == "2026-12-02T12:04:31.123Z");
  CHECK(j["component"] == "backup");
  CHECK(j["seq"] == 7);
}

TEST_CASE("Lines written from many threads at once never interleave", "[log]") {
  std::ostringstream sink;
  Logger logger(sink);
  logger.set_format(Format::json);
  constexpr int threads = 8, each = 500;
  std::string const long_text(300, 'x');  // longer lines interleave more readily
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) logger.write(Level::warn, "net", long_text, {{"thread", t}, {"i", i}});
    });
  for (auto& w : writers) w.join();
  auto const lines = lines_of(sink.str());
  REQUIRE(lines.size() == threads * each);
  std::vector<int> next(threads, 0);
  for (auto const& line : lines) {
    auto const j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    auto const t = j["thread"].get<int>();
    CHECK(j["i"].get<int>() == next[static_cast<std::size_t>(t)]++);  // each thread's lines in its order
    CHECK(j["msg"] == long_text);
  }
}

TEST_CASE("A sink that throws loses the record, not the caller", "[log]") {
  // A disk gone from under a redirected stderr: the stream reports it by throwing.
  struct Throwing : std::streambuf {
    std::streamsize xsputn(char const*, std::streamsize) override { throw std::runtime_error("no space"); }
    int overflow(int) override { throw std::runtime_error("no space"); }
  } buffer;
  std::ostream sink(&buffer);
  sink.exceptions(std::ios::badbit);
  Logger logger(sink);
  logger.write(Level::error, "app", "lost");  // write is noexcept: a throw inside would end the process
  sink.clear();
  CHECK_THROWS(sink << "x" << std::flush);  // the sink did throw
}

TEST_CASE("A line the sink fails to take loses that line only, not the ones after it", "[log]") {
  // A terminal's write interrupted by a signal takes nothing: the stream is then in a failed state.
  struct Refusing : std::streambuf {
    bool refuse = true;
    std::string taken;
    std::streamsize xsputn(char const* s, std::streamsize n) override {
      if (refuse) return 0;
      taken.append(s, static_cast<std::size_t>(n));
      return n;
    }
  } buffer;
  std::ostream sink(&buffer);
  Logger logger(sink, [] { return std::int64_t{0}; });
  logger.set_format(Format::json);
  logger.write(Level::info, "app", "lost");
  CHECK_FALSE(sink.good());
  buffer.refuse = false;
  logger.write(Level::info, "app", "stopped");
  auto const lines = lines_of(buffer.taken);
  REQUIRE(lines.size() == 1);
  CHECK(nlohmann::json::parse(lines[0])["msg"] == "stopped");
}
