#include "core/estimate.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>

namespace tent {
namespace {

Millis blended(std::deque<Millis> const& samples, Millis prior) {
  auto const sum = std::accumulate(samples.begin(), samples.end(), Millis{0});
  auto const weight = static_cast<Millis>(prior_weight);
  return (sum + prior * weight) / (static_cast<Millis>(samples.size()) + weight);
}

Millis remaining(Millis expected, Millis elapsed) { return std::max<Millis>(0, expected - elapsed); }

}  // namespace

Eta eta(Tent const& tent, Millis now) {
  Eta e;
  e.at = now;
  auto const& s = tent.settings();
  auto const& t = tent.turnover();
  e.walk = blended(t.walks, default_walk);
  e.session = blended(t.sessions, seconds(s.session_target_s));
  e.changeover = s.changeover_s == 0 ? 0 : blended(t.changeovers, seconds(s.changeover_s));
  for (auto const& table : tent.tables()) {
    switch (table.state) {
      case TableState::free:
        e.slots.push_back(0);
        break;
      case TableState::called:
        e.slots.push_back(remaining(e.walk, now - table.called_at) + e.session + e.changeover);
        break;
      case TableState::in_session:
        e.slots.push_back(remaining(e.session, now - table.started_at) + e.changeover);
        break;
      case TableState::changeover:
        e.slots.push_back(remaining(e.changeover, now - table.since));
        break;
      default:
        break;  // closed or on break: not serving
    }
  }
  std::sort(e.slots.begin(), e.slots.end());
  return e;
}

std::vector<Millis> simulated_waits(Eta const& eta, std::size_t count) {
  std::vector<Millis> out;
  if (eta.slots.empty()) return out;
  out.reserve(count);
  std::priority_queue<Millis, std::vector<Millis>, std::greater<>> heap(eta.slots.begin(), eta.slots.end());
  // A zero turnover (impossible with sane settings) would still terminate: one call per pop.
  while (out.size() < count) {
    auto const next = heap.top();
    heap.pop();
    out.push_back(next);
    heap.push(next + eta.turnover());
  }
  return out;
}

// When every slot is within one turnover (eta() builds them so), the calls come in rounds: round k
// is { slot_i + k * turnover }, all in [k * turnover, (k + 1) * turnover], so it sorts before round
// k + 1 and within itself by slot. The p-th call is then slot (p - 1) mod m of round (p - 1) / m.
bool in_rounds(Eta const& eta) {
  return !eta.slots.empty() && eta.slots.front() >= 0 && eta.slots.back() <= eta.turnover() &&
         std::is_sorted(eta.slots.begin(), eta.slots.end());
}

Millis round_wait(Eta const& eta, std::size_t index) {
  auto const m = eta.slots.size();
  return eta.slots[index % m] + static_cast<Millis>(index / m) * eta.turnover();
}

std::optional<Millis> wait_for(Eta const& eta, std::int32_t position) {
  if (eta.slots.empty() || position < 1) return std::nullopt;
  if (in_rounds(eta)) return round_wait(eta, static_cast<std::size_t>(position) - 1);
  return simulated_waits(eta, static_cast<std::size_t>(position)).back();
}

std::int32_t quote_s(std::optional<Millis> wait) {
  if (!wait) return -1;
  return static_cast<std::int32_t>((*wait + 999) / 1000);
}

}  // namespace tent
