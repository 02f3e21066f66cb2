#include "app/metrics.hpp"

#include "app/metrics_text.hpp"

#include <algorithm>

namespace tent::app {

namespace {

using Type = MetricsText::Type;

double as_seconds(Millis ms) { return static_cast<double>(ms) / 1000.0; }

void counter(MetricsText& out, std::string_view name, std::string_view help, double v) {
  out.family(name, Type::counter, help);
  out.value(v);
}

void gauge(MetricsText& out, std::string_view name, std::string_view help, double v) {
  out.family(name, Type::gauge, help);
  out.value(v);
}

Histogram seconds_of(Histogram h, std::vector<Millis> const& samples_ms) {
  for (auto ms : samples_ms) h.observe(as_seconds(ms));
  return h;
}

}  // namespace

Histogram wait_histogram() { return Histogram({60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200}); }

Histogram session_histogram() { return Histogram({120, 300, 420, 540, 600, 660, 780, 900, 1200, 1800}); }

std::string tent_metrics(Tent const& tent, MetricsInputs const& in) {
  auto const& h = tent.history();
  MetricsText out;
  gauge(out, "tent_queue_length", "Runners waiting in the line now.", static_cast<double>(tent.queue().size()));
  counter(out, "tent_checkins_total", "Runners who joined the line (an undone check-in takes one back).", h.checked_in);
  auto const called_now = std::count_if(tent.tables().begin(), tent.tables().end(),
                                        [](Table const& t) { return t.state == TableState::called; });
  counter(out, "tent_calls_total",
          "Runners called to a table: counted as those who arrived, plus no-shows, plus those called now.",
          static_cast<double>(h.waits_ms.size()) + h.no_shows + static_cast<double>(called_now));
  counter(out, "tent_sessions_finished_total", "Massages finished (a session ended as sent to medical is not one).",
          h.served);
  counter(out, "tent_no_shows_total", "Called runners who did not come to the table.", h.no_shows);
  counter(out, "tent_walkouts_total", "Runners who left the line before being served.", h.walkouts);
  out.family("tent_referrals_total", Type::counter,
             "Runners sent to the medical tent, by where: from=kiosk (red-flag triage) or from=table.");
  out.value(tent.referrals().count(Referral::From::kiosk), {{"from", "kiosk"}});
  out.value(tent.referrals().count(Referral::From::table), {{"from", "table"}});

  out.family("tent_wait_seconds", Type::histogram, "Wait from check-in to the start of the session, in seconds.");
  out.histogram(seconds_of(wait_histogram(), h.waits_ms));
  out.family("tent_session_seconds", Type::histogram, "Length of each finished massage, in seconds.");
  out.histogram(seconds_of(session_histogram(), h.sessions_ms));

  out.family("tent_websocket_connections", Type::gauge, "Open WebSocket connections by the role they hold.");
  out.value(static_cast<double>(in.sockets.display), {{"role", "display"}});
  out.value(static_cast<double>(in.sockets.kiosk), {{"role", "kiosk"}});
  out.value(static_cast<double>(in.sockets.volunteer), {{"role", "volunteer"}});
  out.value(static_cast<double>(in.sockets.organiser), {{"role", "organiser"}});

  CommitMetrics const none;
  auto const& commits = in.commits ? *in.commits : none;
  out.family("tent_commit_seconds", Type::histogram, "Time each group commit took to make its batches durable.");
  out.histogram(commits.seconds);
  out.family("tent_commit_batches", Type::histogram, "Batches (accepted commands) made durable by each commit.");
  out.histogram(commits.batches);

  counter(out, "tent_slow_clients_disconnected_total",
          "WebSocket clients cut off because their unsent data passed the send buffer limit.",
          static_cast<double>(in.slow_clients_cut));

  if (in.backups.enabled) {
    if (in.backups.last_ok_at)
      gauge(out, "tent_backup_age_seconds", "Seconds since the last good backup began (absent until there is one).",
            as_seconds(in.now - *in.backups.last_ok_at));
    gauge(out, "tent_backup_last_failed", "1 when the last backup failed, else 0.", in.backups.last_failed ? 1 : 0);
  }
  return out.text();
}

}  // namespace tent::app
