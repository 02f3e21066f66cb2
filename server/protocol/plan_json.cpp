#include "protocol/plan_json.hpp"

#include "core/limits.hpp"
#include "protocol/csv.hpp"
#include "protocol/names.hpp"
#include "protocol/params.hpp"
#include "protocol/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tent::protocol {

namespace {

using nlohmann::json;
constexpr Millis minute = seconds(60);

// A number (whole or not) in [lo, hi].
double number(json const& value, std::string_view field, double lo, double hi) {
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < lo ||
      value.get<double>() > hi) {
    char range[64];
    std::snprintf(range, sizeof range, "a number from %g to %g", lo, hi);
    throw Refusal{invalid_field(field, range)};
  }
  return value.get<double>();
}

double number(Params const& p, std::string_view field, double lo, double hi, double fallback) {
  auto const* value = p.find(field);
  return value ? number(*value, field, lo, hi) : fallback;
}

Millis minutes(Params const& p, std::string_view field, double lo, double hi, double fallback) {
  return std::llround(number(p, field, lo, hi, fallback) * 60000.0);
}

Millis clock(json const& value, std::string_view field) {
  if (value.is_number()) return std::llround(number(value, field, 0, 48 * 3600 - 1) * 1000.0);
  if (value.is_string())
    if (auto const t = parse_clock(value.get<std::string>())) return *t;
  throw Refusal{invalid_field(field, "a time of day, H:MM or H:MM:SS")};
}

Params object_of(json const& value, std::string_view field) {
  if (!value.is_object()) throw Refusal{invalid_field(field, "an object")};
  return Params(value);
}

std::vector<Millis> finishers_curve(json const& value, std::uint64_t seed) {
  auto const p = object_of(value, "finishers");
  sim::FinishCurve c;
  c.count = static_cast<std::int32_t>(std::llround(number(p.required("count"), "count", 1, max_plan_finishers)));
  c.start = clock(p.required("start"), "start");
  c.median = minutes(p, "median_min", 1, 24 * 60, 0);
  c.p90 = minutes(p, "p90_min", 1, 24 * 60, 0);
  if (!p.find("median_min")) throw Refusal{missing_field("median_min")};
  if (!p.find("p90_min")) throw Refusal{missing_field("p90_min")};
  if (c.p90 <= c.median) throw Refusal{invalid_field("p90_min", "a time after median_min")};
  c.first = minutes(p, "first_min", 0, 24 * 60, static_cast<double>(c.median) / minute / 2);
  c.last = minutes(p, "last_min", 1, 24 * 60, static_cast<double>(c.p90) / minute * 1.5);
  if (c.first >= c.median) throw Refusal{invalid_field("first_min", "a time before median_min")};
  if (c.last <= c.p90) throw Refusal{invalid_field("last_min", "a time after p90_min")};
  return sim::finish_times(c, seed);
}

std::vector<Millis> finish_list(json const& value) {
  if (!value.is_array() || value.size() > static_cast<std::size_t>(max_plan_finishers))
    throw Refusal{invalid_field("finish_times", "a list of at most 100000 times of day")};
  std::vector<Millis> out;
  out.reserve(value.size());
  for (auto const& t : value) out.push_back(clock(t, "finish_times"));
  std::sort(out.begin(), out.end());
  return out;
}

sim::SessionLength session_of(json const* value, sim::Recorded const* recorded, bool replay) {
  using K = sim::SessionLength::Kind;
  sim::SessionLength s{.kind = replay ? K::samples : K::lognormal, .mean = 10 * minute, .cv = 0.3};
  if (value) {
    auto const p = object_of(*value, "session");
    if (auto const dist = p.optional_string("dist")) {
      if (*dist == "fixed")
        s.kind = K::fixed;
      else if (*dist == "exponential")
        s.kind = K::exponential;
      else if (*dist == "lognormal")
        s.kind = K::lognormal;
      else if (*dist == "recorded")
        s.kind = K::samples;
      else
        throw Refusal{invalid_field("dist", "fixed, exponential, lognormal or recorded")};
    }
    s.mean = minutes(p, "mean_min", 1, 60, 10);
    s.cv = number(p, "cv", 0, 3, 0.3);
  }
  if (s.kind == K::samples) {
    if (!recorded || recorded->sessions.empty())
      throw Refusal{invalid_field("dist", "fixed, exponential or lognormal: there is no recorded day to learn from")};
    s.samples = recorded->sessions;
    double sum = 0;
    for (auto const x : s.samples) sum += static_cast<double>(x);
    s.mean = std::llround(sum / static_cast<double>(s.samples.size()));
  }
  return s;
}

std::vector<sim::Staffing> shifts_of(json const& value) {
  if (value.is_number()) return {{0, static_cast<std::int32_t>(std::llround(number(value, "tables", 0, max_tables)))}};
  if (!value.is_array() || value.empty() || value.size() > max_plan_steps)
    throw Refusal{invalid_field("tables", "a number of tables, or a list of 1 to 96 {from, tables} steps")};
  std::vector<sim::Staffing> out;
  for (auto const& step : value) {
    auto const p = object_of(step, "tables");
    sim::Staffing s{clock(p.required("from"), "from"),
                    static_cast<std::int32_t>(std::llround(number(p.required("tables"), "tables", 0, max_tables)))};
    if (!out.empty() && s.at <= out.back().at) throw Refusal{invalid_field("from", "later than the step before")};
    out.push_back(s);
  }
  return out;
}

Millis median_of(std::vector<Millis> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

PlanRequest read_plan(Params const& p, sim::Recorded const* recorded) {
  PlanRequest r;
  auto& plan = r.plan;
  plan.seed = static_cast<std::uint64_t>(std::llround(number(p, "seed", 0, 9007199254740991.0, 1)));

  std::vector<Millis> finishes;
  bool poisson = false;
  if (auto const* a = p.find("arrivals"); a && a->is_object()) {
    // A steady stream: Poisson arrivals (the queueing textbook's, for the cross-check).
    auto const steady = object_of(*a, "arrivals");
    double const per_hour = number(steady.required("per_hour"), "per_hour", 0, 20000);
    double const hours = number(steady.required("hours"), "hours", 0, 48);
    if (per_hour * hours > max_plan_finishers)
      throw Refusal{invalid_field("per_hour", "at most 100000 runners in all")};
    Millis const from = steady.find("from") ? clock(*steady.find("from"), "from") : 0;
    plan.arrivals = sim::poisson_arrivals(per_hour, std::llround(hours * 3600000.0), plan.seed + 1);
    for (auto& t : plan.arrivals) t += from;
    poisson = true;
  } else if (a) {
    if (!a->is_string() || a->get<std::string>() != "recorded")
      throw Refusal{invalid_field("arrivals", "\"recorded\" (the recorded day's check-ins) or {per_hour, hours}")};
    if (!recorded || recorded->arrivals.empty())
      throw Refusal{invalid_field("arrivals", "a plan of finishers: there is no recorded day to replay")};
    r.replay = true;
    plan.arrivals = recorded->arrivals;
  } else if (auto const* list = p.find("finish_times")) {
    finishes = finish_list(*list);
  } else if (auto const* text = p.find("finish_times_csv")) {
    auto const parsed = parse_finish_times_csv(as_string(*text, "finish_times_csv"));
    if (!parsed.error.empty()) throw Refusal{invalid_field("finish_times_csv", parsed.error)};
    if (parsed.times.size() > static_cast<std::size_t>(max_plan_finishers))
      throw Refusal{invalid_field("finish_times_csv", "at most 100000 finish times")};
    finishes = parsed.times;
    r.skipped_finish_times = parsed.skipped;
  } else {
    finishes = finishers_curve(p.required("finishers"), plan.seed);
  }
  if (!r.replay && !poisson) {
    double const take_up = number(p, "take_up", 0, 1, 1);
    plan.arrivals = sim::tent_arrivals(finishes, take_up, minutes(p, "delay_min", 0, 240, 0),
                                       minutes(p, "delay_spread_min", 0, 240, 0), plan.seed + 1);
  }

  plan.session = session_of(p.find("session"), recorded, r.replay);
  double const recorded_walk_s = r.replay ? static_cast<double>(median_of(recorded->walks)) / 1000.0 : 60.0;
  plan.walk = std::llround(number(p, "walk_s", 0, 1800, recorded_walk_s) * 1000.0);
  plan.no_show_rate = number(p, "no_show_rate", 0, 1, 0);
  plan.walkout_rate = number(p, "walkout_rate", 0, 1, 0);
  plan.walkout_after = minutes(p, "walkout_after_min", 1, 600, 20);

  auto& settings = plan.settings;
  for (auto const& range : setting_ranges) {
    if (range.member == &Settings::session_target_s) continue;  // the simulator sets it from the session
    settings.*range.member =
        static_cast<std::int32_t>(std::llround(number(p, range.field, range.min, range.max, settings.*range.member)));
  }
  if (auto const policy = p.optional_string("no_show_policy")) {
    settings.no_show_policy = parse<NoShowPolicy>(*policy);
    if (settings.no_show_policy == NoShowPolicy::invalid)
      throw Refusal{invalid_field("no_show_policy", "requeue_once or drop")};
  }
  if (auto const* closing = p.find("closing")) settings.closing_at = clock(*closing, "closing");

  if (auto const* goal = p.find("goal")) {
    auto const g = object_of(*goal, "goal");
    r.goal = sim::Goal{.p90 = minutes(g, "p90_wait_min", 1, 240, 0),
                       .max_tables = static_cast<std::int32_t>(std::llround(number(g, "max_tables", 1, 100, 40)))};
    if (!g.find("p90_wait_min")) throw Refusal{missing_field("p90_wait_min")};
  }
  if (auto const* tables = p.find("tables")) {
    plan.shifts = shifts_of(*tables);
    // A number of tables all day: staffed from the first runner's arrival, not from midnight, so
    // that the day's utilisation is of the tables' working hours.
    if (tables->is_number() && !plan.arrivals.empty()) plan.shifts.front().at = plan.arrivals.front();
  } else if (r.replay) {
    plan.shifts = recorded->shifts;
  } else if (!r.goal) {
    throw Refusal{missing_field("tables")};
  }
  if (r.goal && sim::search_work(plan, *r.goal) > max_plan_search_work) {
    auto const hours = sim::searched_hours(plan, *r.goal);
    throw Refusal{{422, "plan_too_large",
                   "Too large to search for the fewest tables: " + std::to_string(plan.arrivals.size()) +
                       " runners at the tent over " + std::to_string(hours) +
                       " hours would take minutes. Search part of the day (fewer hours or runners), or simulate a "
                       "table list."}};
  }
  return r;
}

// To `digits` decimals, so that 0.409 prints as 0.409.
double rounded(double x, int digits) {
  double const scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

json waits_json(sim::Waits const& w) {
  return {{"count", w.count},
          {"mean_s", rounded(w.mean_s, 1)},
          {"p50_s", w.p50 / 1000},
          {"p90_s", w.p90 / 1000},
          {"max_s", w.max / 1000}};
}

}  // namespace

std::string clock_text(Millis t) {
  auto const s = std::max<Millis>(0, t) / 1000;
  char out[32];
  std::snprintf(out, sizeof out, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return out;
}

std::optional<Millis> parse_clock(std::string_view text) {
  text = trim(text);
  int parts[3] = {0, 0, 0};
  std::size_t n = 0;
  while (n < 3) {
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
    auto const* end = text.data() + text.size();
    auto [next, ec] = std::from_chars(text.data(), end, parts[n]);
    auto const digits = next - text.data();
    if (ec != std::errc{} || digits < 1 || digits > 2 || (n > 0 && digits != 2)) return std::nullopt;
    ++n;
    text.remove_prefix(static_cast<std::size_t>(digits));
    if (text.empty()) break;
    if (text.front() != ':') return std::nullopt;
    text.remove_prefix(1);
  }
  if (n < 2 || !text.empty() || parts[1] > 59 || parts[2] > 59 || parts[0] > 47) return std::nullopt;
  return seconds(parts[0] * 3600 + parts[1] * 60 + parts[2]);
}

FinishTimes parse_finish_times_csv(std::string_view input) {
  FinishTimes out;
  std::string transcoded;
  input = csv_text(input, transcoded);
  CsvReader reader(input, detect_delimiter(input));
  std::vector<std::string> fields;
  std::size_t line = 0, column = 0;
  bool first = true;
  while (reader.next(fields, line)) {
    if (first) {
      // A header names the column; a first row with a time of day in it is no header but the
      // first runner, in that column ("9:10:00,Anna"); any other first row is a header.
      first = false;
      std::optional<std::size_t> named, timed;
      for (std::size_t i = 0; i < fields.size() && !named; ++i) {
        auto name = std::string(trim(fields[i]));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        if (name == "finish" || name == "finish_time" || name == "finish time" || name == "time" || name == "clock")
          named = i;
        else if (!timed && parse_clock(name))
          timed = i;
      }
      if (named || !timed) {
        column = named.value_or(0);
        continue;
      }
      column = *timed;
    }
    auto const t = column < fields.size() ? parse_clock(fields[column]) : std::nullopt;
    if (t)
      out.times.push_back(*t);
    else
      ++out.skipped;
  }
  if (out.times.empty()) out.error = "a column of finish times (H:MM:SS), headed finish or time";
  std::sort(out.times.begin(), out.times.end());
  return out;
}

bool plan_replays(json const& body) {
  if (!body.is_object()) return false;
  auto const recorded = [](json const& o, char const* key) {
    auto const it = o.find(key);
    return it != o.end() && *it == "recorded";
  };
  auto const session = body.find("session");
  return recorded(body, "arrivals") || (session != body.end() && session->is_object() && recorded(*session, "dist"));
}

PlanDecoded decode_plan(json const& body, sim::Recorded const* recorded) {
  try {
    if (!body.is_object()) throw Refusal{bad_json("a plan is a JSON object")};
    return {read_plan(Params(body), recorded), {}};
  } catch (Refusal const& refusal) {
    return {std::nullopt, refusal.error};
  }
}

json result_json(sim::Result const& r) {
  json buckets = json::array();
  for (auto const& b : r.buckets) {
    buckets.push_back({{"from", clock_text(b.from)},
                       {"from_s", b.from / 1000},
                       {"arrivals", b.arrivals},
                       {"turned_away", b.turned_away},
                       {"started", b.started},
                       {"walkouts", b.walkouts},
                       {"queue_mean", rounded(b.queue_mean, 1)},
                       {"queue_max", b.queue_max},
                       {"tables", rounded(b.tables, 2)},
                       {"utilisation", rounded(b.utilisation, 3)},
                       {"wait", waits_json(b.wait)}});
  }
  return {{"arrivals", r.arrivals},
          {"turned_away", r.turned_away},
          {"served", r.served},
          {"walkouts", r.walkouts},
          {"no_shows", r.no_shows},
          {"left_waiting", r.left_waiting},
          {"wait", waits_json(r.wait)},
          {"utilisation", rounded(r.utilisation, 3)},
          {"clear_at", r.clear_at > 0 ? json(clock_text(r.clear_at)) : json(nullptr)},
          {"end", clock_text(r.end)},
          {"end_s", r.end / 1000},
          {"buckets", std::move(buckets)}};
}

json shifts_json(std::vector<sim::Staffing> const& shifts) {
  json out = json::array();
  for (auto const& s : shifts) out.push_back({{"from", clock_text(s.at)}, {"tables", s.tables}});
  return out;
}

json staffed_json(sim::Staffed const& staffed) {
  std::int64_t table_hours_ms = 0;
  for (std::size_t i = 0; i + 1 < staffed.shifts.size(); ++i)
    table_hours_ms += staffed.shifts[i].tables * (staffed.shifts[i + 1].at - staffed.shifts[i].at);
  if (!staffed.shifts.empty())
    table_hours_ms += staffed.shifts.back().tables * std::max<Millis>(0, staffed.result.end - staffed.shifts.back().at);
  return {{"tables", shifts_json(staffed.shifts)},
          {"met", staffed.met},
          {"runs", staffed.runs},
          {"table_hours", rounded(static_cast<double>(table_hours_ms) / 3600000.0, 1)}};
}

}  // namespace tent::protocol
