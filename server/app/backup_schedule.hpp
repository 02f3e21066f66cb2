#pragma once
// Online backups while the server runs (--backup-dir): a checked copy of the database into the
// folder at start and then every plan.every_s seconds (store::back_up_into), the newest plan.keep
// kept. The copy runs on a worker thread with its own SQLite connection, so the event loop never
// waits for it; the outcome comes back on the io_context's thread, where status() reads it.

#include "app/options.hpp"
#include "core/types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tent::app {

class BackupSchedule {
public:
  using Clock = std::function<Millis()>;

  // What one backup did.
  struct Outcome {
    Millis at = 0;  // when it began
    bool ok = false;
    std::string file, error;  // the copy's file name; or why there is none
    std::int64_t seq = 0, bytes = 0;
    Millis took_ms = 0;
  };

  BackupSchedule(boost::asio::io_context& ioc, std::string db, BackupPlan plan, Clock clock);
  // Waits for a copy in progress.
  ~BackupSchedule();
  BackupSchedule(BackupSchedule const&) = delete;
  BackupSchedule& operator=(BackupSchedule const&) = delete;

  // Takes the first copy now, then one every plan.every_s; stop() ends the schedule (a copy in
  // progress completes).
  void start();
  void stop();

  // On the io_context's thread. {"enabled", "folder", "every_s", "keep", "running", "last"
  // (an Outcome or null), "last_ok_at" (or null)}.
  nlohmann::json status() const;
  std::optional<Outcome> const& last() const { return last_; }
  std::optional<Millis> last_ok_at() const { return last_ok_at_; }

private:
  void run_once();
  void finished(Outcome outcome);
  void schedule_next();

  boost::asio::io_context& ioc_;
  std::string db_;
  BackupPlan plan_;
  Clock clock_;
  boost::asio::steady_timer timer_;
  bool stopped_ = true, running_ = false;
  std::optional<Outcome> last_;
  std::optional<Millis> last_ok_at_;
  boost::asio::thread_pool worker_{1};  // last: joined first, while what its work refers to still exists
};

// Outcome as JSON: {"at", "ok", "file", "seq", "bytes", "took_ms", "error"}.
nlohmann::json outcome_view(BackupSchedule::Outcome const& o);

}  // namespace tent::app
