#include "log/logger.hpp"

#include <chrono>
#include <ctime>
#include <iostream>

namespace tent::log {

namespace {

std::int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The local zone's offset at an instant (the TZ environment variable or the system's zone).
std::int32_t local_offset_s(std::int64_t at_ms) {
  auto const t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  if (!localtime_r(&t, &tm)) return 0;
  return static_cast<std::int32_t>(tm.tm_gmtoff);
}

}  // namespace

Logger::Logger(std::ostream& sink, Clock clock) : sink_(&sink), clock_(clock ? std::move(clock) : Clock(system_ms)) {}

void Logger::write(Level level, std::string_view component, std::string_view msg, Fields fields) noexcept {
  if (!enabled(level)) return;
  try {
    auto const at = clock_();
    auto const format = format_.load();
    auto const line =
        format_line({at, level, component, msg, fields}, format, format == Format::text ? local_offset_s(at) : 0);
    std::lock_guard lock(mutex_);
    sink_->clear();  // a line that could not be written does not silence the ones after it
    sink_->write(line.data(), static_cast<std::streamsize>(line.size()));
    sink_->flush();
  } catch (...) {  // no memory, or a sink that throws: the record is lost, the server goes on
  }
}

Logger& logger() {
  static Logger the_log(std::cerr);
  return the_log;
}

}  // namespace tent::log
