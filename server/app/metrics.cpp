#include "app/metrics.hpp"

#include "app/metrics_text.hpp"

#include <algorithm>
#include <map>

namespace tent::app {

namespace {

using Type = MetricsText::Type;
using Labels = MetricsText::Labels;

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

namespace {

std::string render(std::map<TentId, Tent const*> const& tents, MetricsInputs const& in) {
  MetricsText out;
  // One series per tent: the first tent's without a label (as an empty label is, to Prometheus),
  // another's with tent="ID"; sum() over a family gives the event's.
  auto const each = [&](std::string_view name, Type type, std::string_view help, auto&& write) {
    out.family(name, type, help);
    for (auto const& [id, tent] : tents) write(*tent, id.empty() ? Labels{} : Labels{{"tent", id}});
  };
  auto const per_tent = [&](std::string_view name, Type type, std::string_view help, auto&& value_of) {
    each(name, type, help, [&](Tent const& tent, Labels const& labels) { out.value(value_of(tent), labels); });
  };
  per_tent("tent_queue_length", Type::gauge, "Runners waiting in the line now.",
           [](Tent const& t) { return static_cast<double>(t.queue().size()); });
  per_tent("tent_checkins_total", Type::counter, "Runners who joined the line (an undone check-in takes one back).",
           [](Tent const& t) { return t.history().checked_in; });
  per_tent("tent_calls_total", Type::counter,
           "Runners called to a table: counted as those who arrived, plus no-shows, plus those called now.",
           [](Tent const& t) {
             auto const called_now = std::count_if(t.tables().begin(), t.tables().end(), [](Table const& table) {
               return table.state == TableState::called;
             });
             return static_cast<double>(t.history().waits_ms.size()) + t.history().no_shows +
                    static_cast<double>(called_now);
           });
  per_tent("tent_sessions_finished_total", Type::counter,
           "Massages finished (a session ended as sent to medical is not one).",
           [](Tent const& t) { return t.history().served; });
  per_tent("tent_no_shows_total", Type::counter, "Called runners who did not come to the table.",
           [](Tent const& t) { return t.history().no_shows; });
  per_tent("tent_walkouts_total", Type::counter, "Runners who left the line before being served.",
           [](Tent const& t) { return t.history().walkouts; });
  each(
      "tent_referrals_total", Type::counter,
      "Runners sent to the medical tent, by where: from=kiosk (red-flag triage) or from=table.",
      [&](Tent const& tent, Labels labels) {
        for (auto const& [from, name] : {std::pair{Referral::From::kiosk, "kiosk"}, {Referral::From::table, "table"}}) {
          auto with = labels;
          with.insert(with.begin(), {"from", name});
          out.value(tent.referrals().count(from), with);
        }
      });
  each("tent_wait_seconds", Type::histogram, "Wait from check-in to the start of the session, in seconds.",
       [&](Tent const& tent, Labels const& labels) {
         out.histogram(seconds_of(wait_histogram(), tent.history().waits_ms), labels);
       });
  each("tent_session_seconds", Type::histogram, "Length of each finished massage, in seconds.",
       [&](Tent const& tent, Labels const& labels) {
         out.histogram(seconds_of(session_histogram(), tent.history().sessions_ms), labels);
       });

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

}  // namespace

std::string tent_metrics(Tent const& tent, MetricsInputs const& in) {
  std::map<TentId, Tent const*> one{{TentId{}, &tent}};
  return render(one, in);
}

std::string tent_metrics(Tents const& tents, MetricsInputs const& in) {
  std::map<TentId, Tent const*> all;
  for (auto const& [id, entry] : tents.all()) all[id] = &entry.tent;
  return render(all, in);
}

}  // namespace tent::app
