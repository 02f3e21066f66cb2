#pragma once
// The tent's metrics for Prometheus (GET /metrics, docs/protocol.md "Metrics"), built from plain
// inputs: the tent itself (its History and Referrals), and what the server counts besides it
// (sockets by role, commits, slow clients cut off, backups). Pure: `now` is given.

#include "app/histogram.hpp"
#include "core/tent.hpp"
#include "core/tents.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tent::app {

// Each store commit of a group commit: how long it took and how many batches it made durable.
// Kept by the Dispatcher, reported as tent_commit_seconds and tent_commit_batches.
struct CommitMetrics {
  Histogram seconds{{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}};
  Histogram batches{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};
};

struct MetricsInputs {
  Millis now = 0;
  // Open WebSocket connections by the role they hold (display: anonymous).
  struct Sockets {
    std::int64_t display = 0, kiosk = 0, volunteer = 0, organiser = 0;
  } sockets;
  CommitMetrics const* commits = nullptr;  // none: no commit counted (reported empty)
  std::uint64_t slow_clients_cut = 0;
  // Backups: with enabled false no tent_backup_* series is written; tent_backup_age_seconds only
  // once a copy succeeded.
  struct Backups {
    bool enabled = false;
    std::optional<Millis> last_ok_at;
    bool last_failed = false;
  } backups;
};

// Histogram bounds, in seconds, for the waits (minutes to two hours) and sessions (about ten minutes).
Histogram wait_histogram();
Histogram session_histogram();

// The exposition (text format 0.0.4, see app/metrics_text.hpp): the series of the line and its sessions
// per tent (another tent's with a label tent="ID"), and the server's.
std::string tent_metrics(Tents const& tents, MetricsInputs const& in);
std::string tent_metrics(Tent const& tent, MetricsInputs const& in);  // an event of one tent

}  // namespace tent::app
