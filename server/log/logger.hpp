#pragma once
// The process's log: records at or above a level, in one format (line.hpp), each written to the
// sink as one whole line under a lock, so that lines from the socket threads, the backup thread and
// the tent's own never interleave. Writing never throws (it is called from noexcept paths and catch
// blocks): a record that cannot be formatted or written is dropped.
//
// Components name where a record comes from: "net" (the transport), "app" (the tent's server),
// "auth" (PINs and keys), "store" (the database), "backup" (the copies).

#include "log/line.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string_view>

namespace tent::log {

class Logger {
public:
  using Clock = std::function<std::int64_t()>;  // ms since the epoch, UTC

  // Writes to `sink` (which must outlive the logger); the system clock unless `clock` is given.
  explicit Logger(std::ostream& sink, Clock clock = {});

  void set_format(Format format) { format_ = format; }
  Format format() const { return format_; }
  // Records below `level` are dropped.
  void set_level(Level level) { min_ = level; }
  Level level() const { return min_; }
  bool enabled(Level level) const { return level >= min_.load(); }

  void write(Level level, std::string_view component, std::string_view msg, Fields fields = {}) noexcept;

private:
  std::ostream* sink_;
  Clock clock_;
  std::atomic<Format> format_{Format::text};
  std::atomic<Level> min_{Level::info};
  std::mutex mutex_;
};

// The server's log: std::cerr, text, info and up, until main sets what --log-format and
// --log-level say.
Logger& logger();

inline void debug(std::string_view component, std::string_view msg, Fields fields = {}) {
  logger().write(Level::debug, component, msg, fields);
}
inline void info(std::string_view component, std::string_view msg, Fields fields = {}) {
  logger().write(Level::info, component, msg, fields);
}
inline void warn(std::string_view component, std::string_view msg, Fields fields = {}) {
  logger().write(Level::warn, component, msg, fields);
}
inline void error(std::string_view component, std::string_view msg, Fields fields = {}) {
  logger().write(Level::error, component, msg, fields);
}

}  // namespace tent::log
