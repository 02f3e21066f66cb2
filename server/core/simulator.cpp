#include "core/simulator.hpp"

#include "core/commands.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "core/tent.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>

namespace tent::sim {
namespace {

// The tent's clock reads midnight plus this: no simulated time is 0, which the core reads as "never".
constexpr Millis epoch = seconds(86400);

class Random {
public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  double normal() {
    double const u = 1.0 - uniform();  // (0, 1]
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * uniform());
  }

private:
  std::mt19937_64 engine_;
};

Millis draw_session(SessionLength const& s, Random& random) {
  using K = SessionLength::Kind;
  switch (s.kind) {
    case K::fixed:
      return s.mean;
    case K::exponential:
      return std::llround(random.exponential(static_cast<double>(s.mean)));
    case K::lognormal: {
      double const sigma2 = std::log1p(s.cv * s.cv);
      double const mu = std::log(static_cast<double>(s.mean)) - sigma2 / 2;
      return std::llround(std::exp(mu + std::sqrt(sigma2) * random.normal()));
    }
    case K::samples:
      if (s.samples.empty()) return s.mean;
      return s.samples[std::min(s.samples.size() - 1,
                                static_cast<std::size_t>(random.uniform() * static_cast<double>(s.samples.size())))];
  }
  return s.mean;
}

// What each runner will do, drawn before the day starts: the same runners whatever the shift plan.
struct Runner {
  Bib bib;
  Millis session = 0;
  bool gone = false;       // a no-show: called, never comes
  bool impatient = false;  // walks out after walkout_after
  Millis left_at = 0;      // walked out at
  bool turned_away = false;
};

// Things due to happen, in time order; at one time, shifts first and arrivals last.
enum class Kind : std::uint8_t { shift, finish, tick, arrive, no_show, leave, arrival };
struct Due {
  Millis at = 0;
  Kind kind = Kind::arrival;
  std::uint64_t order = 0;
  std::int32_t index = 0;  // runner, shift step or (for tick) unused
  TableId table = 0;
  bool operator>(Due const& o) const { return std::tie(at, kind, order) > std::tie(o.at, o.kind, o.order); }
};

Waits waits_of(std::vector<Millis> waits) {
  Waits w;
  w.count = static_cast<std::int32_t>(waits.size());
  if (waits.empty()) return w;
  std::sort(waits.begin(), waits.end());
  double sum = 0;
  for (auto const x : waits) sum += static_cast<double>(x);
  w.mean_s = sum / static_cast<double>(waits.size()) / 1000.0;
  // Nearest rank: the smallest wait at least p of the runners had.
  auto rank = [&](double p) {
    auto const k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(waits.size())));
    return waits[std::max<std::size_t>(k, 1) - 1];
  };
  w.p50 = rank(0.5);
  w.p90 = rank(0.9);
  w.max = waits.back();
  return w;
}

// The day in slices of equal width from `origin`: time-weighted counts and the waits of the
// runners who arrived in each.
class Slices {
public:
  Slices(Millis origin, Millis width) : origin_(origin), width_(width) {}

  Bucket& at(Millis t) { return slice(t).bucket; }

  // Holds `open` tables, `busy` of them in session, and `queued` runners waiting from `from` to `to`.
  void hold(Millis from, Millis to, std::int32_t open, std::int32_t busy, std::size_t queued) {
    from = std::max(from, origin_);
    while (from < to) {
      auto& s = slice(from);
      Millis const until = std::min(to, s.bucket.from + width_);
      auto const dt = static_cast<double>(until - from);
      s.open_ms += open * dt;
      s.busy_ms += busy * dt;
      s.queue_ms += static_cast<double>(queued) * dt;
      s.covered_ms += dt;
      from = until;
    }
  }
  void queue_seen(Millis t, std::size_t queued) {
    auto& b = at(t);
    b.queue_max = std::max(b.queue_max, static_cast<std::int32_t>(queued));
  }
  void wait(Millis arrived, Millis ms) { slice(arrived).waits.push_back(ms); }

  // The buckets, and the whole day's utilisation into `out`.
  void finish(Result& out) {
    double open = 0, busy = 0;
    for (auto& s : slices_) {
      // Over the part of the slice the day covered (the last one ends with the last session).
      s.bucket.queue_mean = s.covered_ms > 0 ? s.queue_ms / s.covered_ms : 0;
      s.bucket.tables = s.covered_ms > 0 ? s.open_ms / s.covered_ms : 0;
      s.bucket.utilisation = s.open_ms > 0 ? s.busy_ms / s.open_ms : 0;
      s.bucket.wait = waits_of(std::move(s.waits));
      open += s.open_ms;
      busy += s.busy_ms;
      out.buckets.push_back(s.bucket);
    }
    out.utilisation = open > 0 ? busy / open : 0;
  }

private:
  struct Slice {
    Bucket bucket;
    double open_ms = 0, busy_ms = 0, queue_ms = 0, covered_ms = 0;
    std::vector<Millis> waits;
  };
  Slice& slice(Millis t) {
    auto const k = static_cast<std::size_t>(std::max<Millis>(0, t - origin_) / width_);
    while (slices_.size() <= k) {
      slices_.emplace_back();
      slices_.back().bucket.from = origin_ + static_cast<Millis>(slices_.size() - 1) * width_;
    }
    return slices_[k];
  }

  Millis origin_, width_;
  std::vector<Slice> slices_;
};

Millis slice_origin(Millis first, Millis width) { return std::max<Millis>(0, first) / width * width; }

class Run {
public:
  explicit Run(Plan const& plan) : plan_(plan), slices_(slice_origin(first_time(plan), plan.bucket), plan.bucket) {
    Random random(plan.seed);
    runners_.resize(plan.arrivals.size());
    for (std::size_t i = 0; i < runners_.size(); ++i) {
      auto& r = runners_[i];
      r.bib = std::to_string(i + 1);
      r.session = std::max<Millis>(0, draw_session(plan.session, random));
      r.gone = random.uniform() < plan.no_show_rate;
      r.impatient = random.uniform() < plan.walkout_rate;
    }
  }

  // The runners' fates, for the staffing search: (arrived at, waited ms), a walkout waiting as
  // long as it stayed, a runner turned away by the closing time -1.
  std::vector<std::pair<Millis, Millis>> fates;

  Result go() {
    set_up();
    for (std::size_t i = 0; i < plan_.shifts.size(); ++i)
      push(plan_.shifts[i].at, Kind::shift, static_cast<std::int32_t>(i));
    for (std::size_t i = 0; i < plan_.arrivals.size(); ++i)
      push(plan_.arrivals[i], Kind::arrival, static_cast<std::int32_t>(i));
    while (!due_.empty()) {
      Due const d = due_.top();
      due_.pop();
      advance(d.at);
      step(d);
    }
    return result();
  }

private:
  static Millis first_time(Plan const& plan) {
    Millis first = plan.arrivals.empty() ? 0 : plan.arrivals.front();
    if (!plan.shifts.empty()) first = std::min(first, plan.shifts.front().at);
    return first;
  }

  void set_up() {
    Settings s = plan_.settings;
    s.auto_assign = true;
    s.roster_required = false;
    if (s.closing_at) *s.closing_at += epoch;
    bool closes_tables = false;
    std::int32_t most = 0, before = 0;
    for (auto const& step : plan_.shifts) {
      closes_tables = closes_tables || step.tables < before;
      before = step.tables;
      most = std::max(most, step.tables);
    }
    if (closes_tables) s.changeover_s = std::max(s.changeover_s, 1);
    auto const mean_s = plan_.session.mean / 1000;
    s.session_target_s = static_cast<std::int32_t>(std::clamp<Millis>(mean_s, 60, 3600));
    if (!execute(cmd::UpdateSettings{s}, epoch).ok())
      throw std::invalid_argument("simulate: a setting is out of range");
    if (most > 0 && !execute(cmd::CreateTable{.name = {}, .numbered = most}, epoch).ok())
      throw std::invalid_argument("simulate: too many tables");
    closing_.assign(static_cast<std::size_t>(most), false);
  }

  void push(Millis at, Kind kind, std::int32_t index, TableId table = 0) {
    due_.push(Due{at, kind, order_++, index, table});
  }

  Decision execute(Command const& c, Millis now) {
    Decision d = tent_.execute(c, now);
    if (d.ok()) after(d, now);
    return d;
  }

  std::int32_t runner_of(Bib const& bib) const {
    std::int32_t n = 0;
    std::from_chars(bib.data(), bib.data() + bib.size(), n);
    return n - 1;
  }

  // The effects of an accepted batch that the simulation must follow up.
  void after(Decision const& d, Millis now) {
    Millis const t = now - epoch;
    for (auto const& e : d.events) {
      std::visit(overloaded{
                     [&](ev::Called const& c) {
                       auto const i = runner_of(c.bib);
                       last_called_ = t;
                       if (runners_[static_cast<std::size_t>(i)].gone)
                         push(t + seconds(tent_.settings().call_timeout_s), Kind::no_show, i, c.table);
                       else
                         push(t + plan_.walk, Kind::arrive, i, c.table);
                     },
                     [&](ev::Arrived const& a) {
                       auto const i = runner_of(tent_.table(a.table)->bib);
                       ++busy_;
                       ++slices_.at(t).started;
                       push(t + runners_[static_cast<std::size_t>(i)].session, Kind::finish, i, a.table);
                     },
                     [&](ev::Finished const&) {
                       --busy_;
                       if (tent_.settings().changeover_s > 0)
                         push(t + seconds(tent_.settings().changeover_s), Kind::tick, 0);
                     },
                     [&](ev::WalkedOut const& w) {
                       auto const i = runner_of(w.bib);
                       runners_[static_cast<std::size_t>(i)].left_at = t;
                       ++slices_.at(t).walkouts;
                     },
                     [&](ev::TableOpened const&) { ++open_; },
                     [&](ev::TableClosed const&) { --open_; },
                     [](auto const&) {},
                 },
                 e);
    }
    slices_.queue_seen(t, tent_.queue().size());
    close_marked(now);
  }

  // Tables marked to close at the end of their session close as soon as they are free.
  void close_marked(Millis now) {
    for (std::size_t k = 0; k < closing_.size(); ++k) {
      if (!closing_[k]) continue;
      auto const state = tent_.tables()[k].state;
      if (state == TableState::called || state == TableState::in_session) continue;
      closing_[k] = false;
      if (state != TableState::closed) execute(cmd::CloseTable{static_cast<TableId>(k + 1)}, now);
    }
  }

  void staff(std::int32_t want, Millis now) {
    auto const& tables = tent_.tables();
    auto const marked = static_cast<std::int32_t>(std::count(closing_.begin(), closing_.end(), true));
    std::int32_t staffed = open_ - marked;
    for (std::size_t k = 0; k < closing_.size() && staffed < want; ++k) {
      if (closing_[k]) closing_[k] = false, ++staffed;
    }
    for (std::size_t k = 0; k < tables.size() && staffed < want; ++k) {
      if (tables[k].state == TableState::closed) execute(cmd::OpenTable{tables[k].id}, now), ++staffed;
    }
    // Fewer: free tables close now, the last-numbered first; busy ones after their session.
    for (std::size_t k = tables.size(); k-- > 0 && staffed > want;) {
      auto const state = tables[k].state;
      if (state == TableState::free || state == TableState::changeover || state == TableState::on_break)
        execute(cmd::CloseTable{tables[k].id}, now), --staffed;
    }
    for (std::size_t k = tables.size(); k-- > 0 && staffed > want;) {
      if (tables[k].state != TableState::closed && !closing_[k]) closing_[k] = true, --staffed;
    }
  }

  bool table_has(TableId table, std::int32_t runner, TableState state) const {
    auto const* t = tent_.table(table);
    return t && t->state == state && t->bib == runners_[static_cast<std::size_t>(runner)].bib;
  }

  void step(Due const& d) {
    Millis const now = epoch + d.at;
    auto const i = static_cast<std::size_t>(d.index);
    switch (d.kind) {
      case Kind::shift:
        staff(plan_.shifts[i].tables, now);
        break;
      case Kind::arrival: {
        auto& r = runners_[i];
        ++slices_.at(d.at).arrivals;
        auto const decision =
            execute(cmd::CheckIn{.bib = r.bib, .areas = {}, .red_flags = {}, .request_id = {}, .key = {}}, now);
        if (decision.error == Error::line_closed) {
          r.turned_away = true;
          ++slices_.at(d.at).turned_away;
        } else if (r.impatient) {
          push(d.at + plan_.walkout_after, Kind::leave, d.index);
        }
        break;
      }
      case Kind::arrive:
        if (table_has(d.table, d.index, TableState::called)) execute(cmd::Arrive{d.table}, now);
        break;
      case Kind::no_show:
        if (table_has(d.table, d.index, TableState::called)) {
          execute(cmd::NoShow{d.table}, now);
        }
        break;
      case Kind::finish:
        if (table_has(d.table, d.index, TableState::in_session)) execute(cmd::Finish{d.table}, now);
        break;
      case Kind::tick:
        execute(cmd::Tick{}, now);
        break;
      case Kind::leave: {
        auto const* ticket = tent_.ticket(runners_[i].bib);
        if (ticket && ticket->status == TicketStatus::waiting) execute(cmd::Leave{runners_[i].bib}, now);
        break;
      }
    }
    end_ = d.at;
  }

  void advance(Millis to) {
    slices_.hold(last_, to, open_, busy_, tent_.queue().size());
    last_ = std::max(last_, to);
  }

  Result result() {
    Result out;
    std::vector<Millis> all;
    for (std::size_t i = 0; i < runners_.size(); ++i) {
      auto const& r = runners_[i];
      Millis const arrived = plan_.arrivals[i];
      ++out.arrivals;
      if (r.turned_away) {
        ++out.turned_away;
        fates.emplace_back(arrived, -1);
        continue;
      }
      auto const* ticket = tent_.ticket(r.bib);
      if (!ticket) continue;
      if (ticket->started_at > 0) {
        Millis const wait = ticket->started_at - ticket->checked_in_at - ticket->excluded_ms;
        all.push_back(wait);
        slices_.wait(arrived, wait);
        fates.emplace_back(arrived, wait);
      } else if (ticket->status == TicketStatus::walked_out) {
        fates.emplace_back(arrived, r.left_at - arrived);
      } else if (ticket->status == TicketStatus::no_show) {
        ++out.no_shows;
      } else if (ticket->status == TicketStatus::waiting || ticket->status == TicketStatus::called) {
        fates.emplace_back(arrived, std::numeric_limits<Millis>::max());  // never served: no table left
        ++out.left_waiting;
      }
      if (ticket->status == TicketStatus::walked_out) ++out.walkouts;
    }
    out.served = static_cast<std::int32_t>(all.size());
    out.wait = waits_of(std::move(all));
    slices_.finish(out);
    out.clear_at = out.left_waiting > 0 ? 0 : last_called_;  // a line that never clears has no time
    out.end = end_;
    return out;
  }

  Plan const& plan_;
  Tent tent_;
  std::vector<Runner> runners_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::uint64_t order_ = 0;
  std::vector<bool> closing_;  // per table (index = id - 1): close when this session ends
  Slices slices_;
  Millis last_ = 0, end_ = 0, last_called_ = 0;
  std::int32_t open_ = 0, busy_ = 0;
};

}  // namespace

Result simulate(Plan const& plan) { return Run(plan).go(); }

std::vector<Millis> poisson_arrivals(double per_hour, Millis span, std::uint64_t seed) {
  std::vector<Millis> out;
  if (per_hour <= 0) return out;
  Random random(seed);
  double const mean_gap = 3600000.0 / per_hour;
  for (double t = random.exponential(mean_gap); t < static_cast<double>(span); t += random.exponential(mean_gap))
    out.push_back(static_cast<Millis>(t));
  return out;
}

std::vector<Millis> finish_times(FinishCurve const& curve, std::uint64_t seed) {
  std::vector<Millis> out;
  if (curve.count <= 0 || curve.median <= 0 || curve.p90 <= curve.median || curve.last < curve.first) return out;
  Random random(seed);
  double const mu = std::log(static_cast<double>(curve.median));
  double const sigma = (std::log(static_cast<double>(curve.p90)) - mu) / 1.2815515655446004;  // z of 0.9
  out.reserve(static_cast<std::size_t>(curve.count));
  while (out.size() < static_cast<std::size_t>(curve.count)) {
    auto const t = static_cast<Millis>(std::exp(mu + sigma * random.normal()));
    if (t >= curve.first && t <= curve.last) out.push_back(curve.start + t);  // drawn again outside
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Millis> tent_arrivals(std::vector<Millis> const& finishes, double take_up, Millis delay, Millis spread,
                                  std::uint64_t seed) {
  Random random(seed);
  std::vector<Millis> out;
  for (auto const t : finishes) {
    bool const comes = random.uniform() < take_up;
    auto const late = static_cast<Millis>(random.uniform() * static_cast<double>(spread));
    if (comes) out.push_back(t + delay + late);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Recorded recorded_day(std::vector<Batch> const& batches, Millis midnight, Millis bucket) {
  Recorded out;
  if (batches.empty()) return out;
  Tent tent;
  Slices slices(slice_origin(batches.front().at - midnight, bucket), bucket);
  Millis last = batches.front().at - midnight;
  std::int32_t staffed = 0, busy = 0;
  for (auto const& batch : batches) {
    Millis const t = batch.at - midnight;
    slices.hold(last, t, staffed, busy, tent.queue().size());
    last = std::max(last, t);
    tent.apply(batch);
    for (auto const& e : batch.events) {
      if (std::holds_alternative<ev::CheckedIn>(e)) ++slices.at(t).arrivals;
      if (std::holds_alternative<ev::WalkedOut>(e)) ++slices.at(t).walkouts;
    }
    std::int32_t now_staffed = 0;
    busy = 0;
    for (auto const& table : tent.tables()) {
      now_staffed += table.state != TableState::closed && table.state != TableState::on_break;
      busy += table.state == TableState::in_session;
    }
    if (now_staffed != staffed || out.shifts.empty()) out.shifts.push_back({t, now_staffed});
    staffed = now_staffed;
    slices.queue_seen(t, tent.queue().size());
  }
  auto const& history = tent.history();
  for (auto const at : history.joined_at) out.arrivals.push_back(at - midnight);
  std::sort(out.arrivals.begin(), out.arrivals.end());
  out.sessions = history.sessions_ms;
  out.walks = history.walks_ms;
  auto& actual = out.actual;
  std::vector<Millis> waits;
  tent.for_each_visit([&](Ticket const& ticket) {
    if (ticket.started_at == 0) return;
    Millis const wait = ticket.started_at - ticket.checked_in_at - ticket.excluded_ms;
    waits.push_back(wait);
    slices.wait(ticket.checked_in_at - midnight, wait);
    ++slices.at(ticket.started_at - midnight).started;
  });
  actual.arrivals = history.checked_in;
  actual.served = history.served;
  actual.walkouts = history.walkouts;
  actual.no_shows = history.no_shows;
  actual.wait = waits_of(std::move(waits));
  actual.end = last;
  slices.finish(actual);
  return out;
}

std::int64_t searched_hours(Plan const& plan, Goal const& goal) {
  if (plan.arrivals.empty()) return 0;
  return (plan.arrivals.back() - plan.arrivals.front() / goal.step * goal.step) / goal.step + 1;
}

std::int64_t search_work(Plan const& plan, Goal const& goal) {
  std::int64_t bisection = 0;  // steps to bisect 0..max_tables
  while ((std::int64_t{1} << bisection) < goal.max_tables + 1) ++bisection;
  return static_cast<std::int64_t>(plan.arrivals.size()) * (2 + bisection * (searched_hours(plan, goal) + 1));
}

Staffed fewest_tables(Plan const& plan, Goal const& goal) {
  Staffed out;
  out.met = true;  // until an hour cannot be kept within the goal; with no runners, none is
  if (plan.arrivals.empty()) return out;
  Plan trial = plan;
  Millis const first = trial.arrivals.front() / goal.step * goal.step;
  auto const hours = static_cast<std::size_t>(searched_hours(plan, goal));
  std::vector<std::int32_t> counts(hours, goal.max_tables);
  auto shifts_of = [&] {
    std::vector<Staffing> shifts;
    for (std::size_t h = 0; h < hours; ++h) shifts.push_back({first + static_cast<Millis>(h) * goal.step, counts[h]});
    return shifts;
  };
  // Each hour's 90th-percentile wait and runners turned away, with today's counts.
  struct Hour {
    Millis p90 = 0;
    std::size_t turned_away = 0;
  };
  auto evaluate = [&] {
    ++out.runs;
    trial.shifts = shifts_of();
    Run run(trial);
    run.go();
    std::vector<std::vector<Millis>> waits(hours);
    std::vector<Hour> out_hours(hours);
    for (auto const& [arrived, wait] : run.fates) {
      auto const h = static_cast<std::size_t>((arrived - first) / goal.step);
      if (wait < 0)
        ++out_hours[h].turned_away;
      else
        waits[h].push_back(wait);
    }
    for (std::size_t h = 0; h < hours; ++h) {
      auto& w = waits[h];
      if (w.empty()) continue;
      auto const k = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(w.size())));
      std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(k - 1), w.end());
      out_hours[h].p90 = w[k - 1];
    }
    return out_hours;
  };
  // What the most tables do: an hour they cannot keep within the goal keeps the most, and no other
  // hour's saving may make it wait longer than that; nor turn away more runners than they do (near
  // the closing time some are turned away whatever the staffing).
  auto bound = evaluate();
  std::vector<bool> possible(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    possible[h] = bound[h].p90 <= goal.p90;
    bound[h].p90 = std::max(bound[h].p90, goal.p90);
  }
  out.met = std::find(possible.begin(), possible.end(), false) == possible.end();
  auto keeps = [&] {
    auto const now = evaluate();
    for (std::size_t h = 0; h < hours; ++h)
      if (now[h].p90 > bound[h].p90 || now[h].turned_away > bound[h].turned_away) return false;
    return true;
  };
  // By bisection, the fewest tables `set(n)` can give that still keep every hour within its bound.
  auto fewest = [&](std::int32_t most, auto set) {
    std::int32_t lo = 0, hi = most;
    while (lo < hi) {
      std::int32_t const mid = lo + (hi - lo) / 2;
      set(mid);
      if (keeps())
        hi = mid;
      else
        lo = mid + 1;
    }
    set(hi);
    return hi;
  };
  // First the fewest tables at once: the same count all day, the therapists to book. An hour the
  // most tables cannot keep needs them all.
  std::int32_t const peak =
      out.met ? fewest(goal.max_tables, [&](std::int32_t n) { std::fill(counts.begin(), counts.end(), n); })
              : goal.max_tables;
  // Then hour by hour, the fewest tables up to that peak that keep every hour within its bound, the
  // hours after it still at the peak; so no hour of the answer can lose a table without breaking
  // the rule, and none needs more than a looser goal's would. (Without the peak, an early hour's
  // saving could leave a line that a later hour clears with many more tables.)
  for (std::size_t h = 0; h < hours; ++h)
    if (possible[h]) fewest(peak, [&](std::int32_t n) { counts[h] = n; });
  trial.shifts = shifts_of();
  out.shifts = trial.shifts;
  out.result = simulate(trial);
  return out;
}

}  // namespace tent::sim
