#include "app/route_table.hpp"

#include <boost/url/parse.hpp>

#include <array>
#include <charconv>
#include <cstdint>

namespace tent::app {

namespace {

using boost::beast::http::verb;

constexpr std::array table = {
    Route{verb::get, "/healthz", Answer::health, "health", Body::none, /*open=*/true},
    Route{verb::get, "/", Answer::home, "home", Body::none, /*open=*/true},
    // Runners.
    Route{verb::post, "/api/checkins", Answer::op, "checkin", Body::json},
    Route{verb::post, "/api/runners", Answer::op, "add_runner", Body::json},
    Route{verb::get, "/api/tickets/{bib}", Answer::ticket, "ticket"},
    Route{verb::post, "/api/tickets/{bib}/leave", Answer::op, "leave", Body::json},
    Route{verb::post, "/api/tickets/{bib}/record", Answer::op, "record", Body::json},
    Route{verb::post, "/api/tickets/{bib}/feedback", Answer::op, "feedback", Body::json},
    // The queue.
    Route{verb::post, "/api/queue/{bib}/priority", Answer::op, "priority", Body::json},
    Route{verb::post, "/api/queue/{bib}/move", Answer::op, "move", Body::json},
    Route{verb::post, "/api/queue/{bib}/remove", Answer::op, "remove", Body::json},
    // Tables.
    Route{verb::post, "/api/tables", Answer::op, "table_create", Body::json},
    Route{verb::post, "/api/tables/{table}/rename", Answer::op, "table_rename", Body::json},
    Route{verb::post, "/api/tables/{table}/therapist", Answer::op, "therapist", Body::json},
    Route{verb::post, "/api/tables/{table}/open", Answer::op, "open", Body::json},
    Route{verb::post, "/api/tables/{table}/close", Answer::op, "close", Body::json},
    Route{verb::post, "/api/tables/{table}/break", Answer::op, "break", Body::json},
    Route{verb::post, "/api/tables/{table}/resume", Answer::op, "resume", Body::json},
    Route{verb::post, "/api/tables/{table}/ready", Answer::op, "ready", Body::json},
    Route{verb::post, "/api/tables/{table}/call", Answer::op, "call", Body::json},
    Route{verb::post, "/api/tables/{table}/recall", Answer::op, "recall", Body::json},
    Route{verb::post, "/api/tables/{table}/arrived", Answer::op, "arrived", Body::json},
    Route{verb::post, "/api/tables/{table}/finish", Answer::op, "finish", Body::json},
    Route{verb::post, "/api/tables/{table}/no_show", Answer::op, "no_show", Body::json},
    Route{verb::post, "/api/tables/{table}/undo", Answer::op, "undo", Body::json},
    // The tent's state, settings and pages' languages.
    Route{verb::get, "/api/state", Answer::state, "state"},
    Route{verb::get, "/api/settings", Answer::settings, "settings"},
    Route{verb::post, "/api/settings", Answer::op, "settings", Body::json},
    Route{verb::put, "/api/settings", Answer::op, "settings", Body::json},
    Route{verb::get, "/api/languages/{page}", Answer::languages, "languages"},
    // The organiser.
    Route{verb::post, "/api/roster", Answer::op, "roster", Body::json_or_csv},
    Route{verb::post, "/api/announcement", Answer::op, "announce", Body::json},
    Route{verb::post, "/api/kiosk-key", Answer::kiosk_key, "kiosk_key", Body::json},
    Route{verb::get, "/api/stats", Answer::stats, "stats"},
    Route{verb::get, "/api/export/sessions.csv", Answer::export_sessions, "export"},
    Route{verb::get, "/api/export/event.csv", Answer::export_event, "export"},
    Route{verb::get, "/api/export/hours.csv", Answer::export_hours, "export"},
    Route{verb::get, "/api/hours", Answer::hours, "hours"},
    // Several tents in one event.
    Route{verb::get, "/api/tents", Answer::tents, "tents"},
    Route{verb::post, "/api/tents", Answer::op, "tent_create", Body::json},
    Route{verb::post, "/api/plan", Answer::plan, "plan", Body::json},
    Route{verb::get, "/api/backups", Answer::backups, "backups"},
    Route{verb::get, "/api/replication", Answer::replication, "replication"},
    Route{verb::get, "/api/addresses", Answer::addresses, "addresses"},
    // Prometheus (open to all with serve --open-metrics).
    Route{verb::get, "/metrics", Answer::metrics, "metrics"},
    // Any op by name.
    Route{verb::post, "/api/ops/{op}", Answer::op, "", Body::json},
};

// A whole number as from_chars reads it (an optional minus, digits), within 64 bits.
bool whole_number(std::string_view s) {
  std::int64_t value = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return !s.empty() && ec == std::errc{} && end == s.data() + s.size();
}

// The pattern's segments ("/api/tables/{table}" -> api, tables, {table}); "/" has none.
std::vector<std::string_view> pattern_segments(std::string_view pattern) {
  std::vector<std::string_view> out;
  if (pattern == "/") return out;  // as Boost.URL reads the path "/": no segment
  while (!pattern.empty()) {
    pattern.remove_prefix(1);  // the '/'
    auto const slash = pattern.find('/');
    out.push_back(pattern.substr(0, slash));
    if (slash == std::string_view::npos) break;
    pattern = pattern.substr(slash);
  }
  return out;
}

// Whether the decoded path fits the pattern; the captures when it does.
bool fits(std::string_view pattern, std::vector<std::string> const& path,
          std::vector<std::pair<std::string_view, std::string>>& captures) {
  auto const want = pattern_segments(pattern);
  if (want.size() != path.size()) return false;
  captures.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    auto const w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      auto const name = w.substr(1, w.size() - 2);
      if (name == "table" && !whole_number(path[i])) return false;
      captures.emplace_back(name, path[i]);
    } else if (w != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::span<Route const> routes() { return table; }

std::string tent_prefix(std::string_view id) { return id.empty() ? std::string() : "/t/" + std::string(id); }

std::optional<std::string_view> RouteMatch::capture(std::string_view name) const {
  for (auto const& [key, value] : captures)
    if (key == name) return value;
  return std::nullopt;
}

std::optional<std::string> RouteMatch::query(std::string_view name) const {
  auto const params = url.params();
  auto const it = params.find(name);
  if (it == params.end()) return std::nullopt;
  auto const param = *it;
  return param.has_value ? param.value : std::string();
}

RouteMatch match_route(verb method, std::string_view target) {
  RouteMatch m;
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    m.outcome = RouteMatch::Outcome::bad_target;
    return m;
  }
  m.url = *parsed;
  m.rest = target;
  std::vector<std::string> path;
  for (auto const& segment : m.url.segments()) path.push_back(segment);
  if (path.size() >= 2 && path[0] == "t") {
    m.tent = path[1];
    m.in_tent = true;
    path.erase(path.begin(), path.begin() + 2);
    if (path.size() == 1 && path[0].empty()) path.clear();  // "/t/ID/" is that tent's "/"
    // "/t/" and the id as it was sent (a valid id needs no escape, so any other is unknown anyway).
    auto const encoded = *std::next(m.url.encoded_segments().begin());
    m.rest = target.substr(std::min(target.size(), 3 + encoded.size()));
    if (m.rest.empty() || m.rest.front() != '/') m.rest = "/";
  }
  std::vector<std::pair<std::string_view, std::string>> captures;
  for (auto const& route : table) {
    if (!fits(route.pattern, path, captures)) continue;
    // HEAD is a GET whose body is not sent (RFC 9110 9.3.2): every GET route answers it.
    if (route.method == method || (method == verb::head && route.method == verb::get)) {
      m.outcome = RouteMatch::Outcome::found;
      m.route = &route;
      m.captures = std::move(captures);
      m.allowed.clear();
      return m;
    }
    m.outcome = RouteMatch::Outcome::wrong_method;
    auto const name = boost::beast::http::to_string(route.method);
    if (!m.allowed.empty()) m.allowed += ", ";
    m.allowed.append(name.data(), name.size());
    if (route.method == verb::get) m.allowed += ", HEAD";
  }
  return m;
}

}  // namespace tent::app
