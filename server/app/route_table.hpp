#pragma once
// The REST surface, one row per route: the method and path pattern, the op it runs or the answer it
// gives, and the body it takes. Who may use a route is the policy's (app/policy.hpp): an op route
// needs what its op needs, an answer what the policy says of that answer. docs/protocol.md's route
// table lists the same rows (a test reads it).
//
// A request target is parsed as a URL (Boost.URL): path segments and query parameters are
// percent-decoded. A pattern segment "{name}" matches one path segment and captures it:
// {table} only a whole number, {bib}, {page} and {op} any text. An op route's params are its JSON
// body (an object; an empty body is {}) with the captures set over it, {table} as a number; the
// route "/api/ops/{op}" runs the op its path names.
//
// Several tents: a target "/t/ID/rest" is "rest" for tent ID (RouteMatch::tent), pages and API alike;
// any other target is the first tent's (""). Event-wide routes answer the same under any tent.

#include <boost/beast/http/verb.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tent::app {

// What a route does: run an op through the dispatcher, or answer by itself.
enum class Answer {
  op,
  health,
  home,
  state,
  ticket,
  settings,
  languages,
  stats,
  export_sessions,
  export_event,
  export_hours,
  hours,
  tents,
  kiosk_key,
  backups,
  addresses,
  metrics,
  replication,
  plan  // the simulator (app/planning.hpp), off the event loop
};

// What a route reads from the request body.
enum class Body {
  none,         // nothing (a read)
  json,         // a JSON object; empty means {}
  json_or_csv,  // as json, or with Content-Type text/csv a roster (?dry_run=1 only previews it)
};

struct Route {
  boost::beast::http::verb method;
  std::string_view pattern;
  Answer answer;
  // The policy's name for it: the op (empty for "/api/ops/{op}", whose op comes from the path),
  // or the answer's.
  std::string_view action;
  Body body = Body::none;
  // Answered before any secret is looked at (the health check, the redirect to the display).
  bool open = false;
};

// Every route, in the order docs/protocol.md lists them.
std::span<Route const> routes();

// A request target matched against the table.
struct RouteMatch {
  enum class Outcome {
    found,         // route is set
    not_found,     // no route has this path
    wrong_method,  // the path is a route's, but not with this method (405)
    bad_target,    // the target is not a valid URL path and query (400)
  };
  Outcome outcome = Outcome::not_found;
  Route const* route = nullptr;
  std::vector<std::pair<std::string_view, std::string>> captures;  // {name} -> decoded segment
  boost::urls::url_view url;                                       // the parsed target, valid while the request is
  std::string allowed;  // with wrong_method: the path's methods, for the Allow header ("GET, POST")
  // The tent the target names ("" for the first one) and whether it named one with /t/ID; `rest` is
  // the target after that prefix (the whole target without one), at least "/".
  std::string tent;
  bool in_tent = false;
  std::string_view rest;

  // The captured segment, or nullopt.
  std::optional<std::string_view> capture(std::string_view name) const;
  // The decoded value of a query parameter ("" for a bare ?name), or nullopt when it is absent.
  std::optional<std::string> query(std::string_view name) const;
};

RouteMatch match_route(boost::beast::http::verb method, std::string_view target);

// The prefix of tent `id`'s addresses: "" for the first tent, "/t/ID" for another.
std::string tent_prefix(std::string_view id);

}  // namespace tent::app
