#include "core/stats.hpp"

#include "core/estimate.hpp"
#include "core/fold.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace tent {
namespace {

// Nearest-rank percentile of sorted samples.
template <class T>
T percentile(std::vector<T> const& sorted, double p) {
  auto const rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

Millis bucket_of(Millis t) { return t - (t % bucket_width); }

}  // namespace

Distribution distribution(std::vector<Millis> samples) {
  Distribution d;
  if (samples.empty()) return d;
  std::sort(samples.begin(), samples.end());
  d.count = static_cast<std::int32_t>(samples.size());
  d.p50 = percentile(samples, 0.5);
  d.p90 = percentile(samples, 0.9);
  d.max = samples.back();
  return d;
}

std::int32_t Answers::count() const {
  std::int32_t n = 0;
  for (auto c : legs) n += c;
  return n;
}

double Answers::mean() const {
  std::int32_t n = 0, sum = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    n += legs[i];
    sum += legs[i] * static_cast<std::int32_t>(i + 1);
  }
  return n > 0 ? static_cast<double>(sum) / n : 0.0;
}

std::string therapist_key(std::string_view name) { return fold_case(name); }

Stats compute_stats(Tent const& tent, Millis now) {
  auto const& h = tent.history();
  Stats s;
  s.at = now;
  s.checked_in = h.checked_in;
  s.served = h.served;
  s.no_shows = h.no_shows;
  s.walkouts = h.walkouts;
  s.removed = h.removed;
  s.referrals = h.referrals;
  s.referrals_kiosk = tent.referrals().count(Referral::From::kiosk);
  s.referrals_table = tent.referrals().count(Referral::From::table);
  s.waiting = static_cast<std::int32_t>(tent.queue().size());
  for (auto const& t : tent.tables()) {
    if (t.state == TableState::called) ++s.called;
    if (t.state == TableState::in_session) ++s.in_session;
  }
  s.wait = distribution(h.waits_ms);
  s.walk = distribution(h.walks_ms);
  s.session = distribution(h.sessions_ms);
  s.changeover = distribution(h.changeovers_ms);

  std::vector<Millis> errors;
  std::vector<double> ratios;
  Millis bias_sum = 0;
  for (auto const& [quoted_s, actual] : h.quotes) {
    bias_sum += actual - seconds(quoted_s);
    errors.push_back(std::abs(actual - seconds(quoted_s)));
    if (quoted_s > 0) ratios.push_back(static_cast<double>(actual) / static_cast<double>(seconds(quoted_s)));
  }
  s.quotes.count = static_cast<std::int32_t>(h.quotes.size());
  s.quotes.median_error = distribution(errors).p50;
  if (!h.quotes.empty()) s.quotes.mean_bias = bias_sum / static_cast<Millis>(h.quotes.size());
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    s.quotes.median_ratio = percentile(ratios, 0.5);
  }

  std::map<Millis, std::int32_t> finished;
  for (auto at : h.finished_at) ++finished[bucket_of(at)];
  for (auto const& [start, n] : finished) s.throughput.push_back({start, n});
  std::map<Millis, std::int32_t> joined;
  for (auto at : h.joined_at) ++joined[bucket_of(at)];
  for (auto const& [start, n] : joined) s.arrivals.push_back({start, n});

  std::map<Millis, std::int32_t> longest;
  for (auto const& [at, n] : h.queue_length) {
    auto& m = longest[bucket_of(at)];
    m = std::max(m, n);
  }
  for (auto const& [start, n] : longest) s.queue_length.push_back({start, n});

  for (auto const& t : tent.tables()) {
    bool const open = t.state != TableState::closed && t.state != TableState::on_break;
    auto const open_ms = t.open_ms + (open ? now - t.since : 0);
    auto const busy_ms = t.busy_ms + (t.state == TableState::in_session ? now - t.started_at : 0);
    double const utilisation = open_ms > 0 ? static_cast<double>(busy_ms) / static_cast<double>(open_ms) : 0.0;
    s.tables.push_back({t.id, t.name, t.therapist, t.served, std::min(utilisation, 1.0)});
  }
  // One therapist however their name was typed on each table ("Ann Lee", "ann lee"): the first spelling.
  std::map<std::string, Stats::PerTherapist> therapists;
  auto therapist = [&](std::string const& name) -> Stats::PerTherapist& {
    auto& t = therapists[therapist_key(name)];
    if (t.name.empty()) t.name = name;
    return t;
  };
  // Time in session counts every session given, one ended by a referral from the table too, as
  // the hours do; `served` only those served.
  for (auto const& [name, busy] : h.busy_by_therapist) {
    auto const served = h.served_by_therapist.contains(name) ? h.served_by_therapist.at(name) : 0;
    if (name.empty() || (busy == 0 && served == 0)) continue;
    auto& t = therapist(name);
    t.served += served;
    t.busy += busy;
  }
  for (auto const& shift : h.shifts)
    therapist(shift.therapist).on_shift += (shift.to != 0 ? shift.to : now) - shift.from;
  std::map<Millis, Answers> answered;
  tent.for_each_visit([&](Ticket const& t) {
    if (!t.feedback) return;
    s.feedback.all.add(t.feedback->legs);
    answered[bucket_of(t.finished_at)].add(t.feedback->legs);
    if (t.feedback->come_back) ++(*t.feedback->come_back ? s.feedback.come_back_yes : s.feedback.come_back_no);
    if (!t.therapist.empty()) therapist(t.therapist).feedback.add(t.feedback->legs);
  });
  for (auto const& [start, answers] : answered) s.feedback.by_time.push_back({start, answers});
  for (auto& [name, t] : therapists) {
    if (t.on_shift > 0) t.utilisation = std::min(1.0, static_cast<double>(t.busy) / static_cast<double>(t.on_shift));
    s.therapists.push_back(std::move(t));
  }

  if (!tent.queue().empty()) {
    auto const e = eta(tent, now);
    if (auto const wait = wait_for(e, static_cast<std::int32_t>(tent.queue().size())))
      s.projected_clear_at = now + *wait + e.walk + e.session;
  }
  return s;
}

}  // namespace tent
