// REST routes: each maps a method and path to an op and its params, then takes the one
// Dispatcher path; a few read-only queries (state, ticket, stats, export) answer directly.

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/policy.hpp"
#include "app/tent_server.hpp"
#include "core/stats.hpp"
#include "net/json_error.hpp"
#include "protocol/errors.hpp"
#include "protocol/events_json.hpp"
#include "protocol/roster_csv.hpp"

namespace tent::app {

using nlohmann::json;
namespace http = net::http;

namespace {

constexpr std::size_t max_json_body = 1024 * 1024;

std::vector<std::string_view> split_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::vector<std::string_view> parts;
  while (!target.empty()) {
    auto slash = target.find('/');
    if (slash != 0) parts.push_back(target.substr(0, slash));
    if (slash == std::string_view::npos) break;
    target = target.substr(slash + 1);
  }
  return parts;
}

std::optional<std::string_view> bearer(net::Request const& req) {
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return std::nullopt;
  auto value = std::string_view(it->value());
  constexpr std::string_view scheme = "Bearer ";
  if (value.substr(0, scheme.size()) != scheme) return std::nullopt;
  return value.substr(scheme.size());
}

// Table actions by their path segment: POST /api/tables/{id}/{action}.
std::optional<std::string_view> table_op(std::string_view action) {
  static constexpr std::pair<std::string_view, std::string_view> ops[] = {
      {"rename", "table_rename"}, {"therapist", "therapist"}, {"open", "open"},       {"close", "close"},
      {"break", "break"},         {"resume", "resume"},       {"ready", "ready"},     {"call", "call"},
      {"recall", "recall"},       {"arrived", "arrived"},     {"finish", "finish"},   {"no_show", "no_show"},
      {"undo", "undo"}};
  for (auto const& [segment, op] : ops)
    if (segment == action) return op;
  return std::nullopt;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bool TentServer::is_api(net::Request const& req) { return std::string_view(req.target()).substr(0, 5) == "/api/"; }

net::Response TentServer::serve_page(net::Request const& req) const {
  auto const target = std::string_view(req.target());
  net::Response res;
  if (target == "/") {
    res.result(http::status::found);
    res.set(http::field::location, "/display/");
    return res;
  }
  if (target.substr(0, target.find('?')) == "/healthz") {
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = R"({"status":"ok"})";
    return res;
  }
  if (auto file = files_.serve(req)) return std::move(*file);
  return net::json_error(http::status::not_found, "not_found", "There is nothing at this address.", req.version(),
                         req.keep_alive());
}

net::Response TentServer::api_response(Reply const& reply) {
  net::Response res;
  res.result(static_cast<http::status>(reply.status));
  res.set(http::field::cache_control, "no-store");
  if (reply.body.is_string() && reply.status == 200) {  // CSV export
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"sessions.csv\"");
    res.body() = reply.body.get<std::string>();
  } else {
    res.set(http::field::content_type, "application/json");
    res.body() = reply.body.dump();
  }
  if (reply.status == 429 && reply.body.contains("retry_after_s"))
    res.set(http::field::retry_after, std::to_string(reply.body["retry_after_s"].get<std::int64_t>()));
  return res;
}

net::Response TentServer::handle(net::Request const& req, std::string const& remote_ip) {
  if (!is_api(req)) return serve_page(req);
  Reply reply;
  if (auto now = route(req, access_.authenticate(bearer(req), remote_ip, clock_()), [&](Reply r) { reply = std::move(r); }))
    return api_response(*now);
  dispatcher_.flush();
  return api_response(reply);
}

void TentServer::answer(net::Request const& req, Access::Result const& who, net::Respond const& respond) {
  auto now = route(req, who, [respond](Reply r) { respond(api_response(r)); });
  if (now) return respond(api_response(*now));
  schedule_flush();
}

void TentServer::handle_async(net::Request const& req, std::string const& remote_ip, net::Respond respond) {
  if (!is_api(req)) return respond(serve_page(req));
  auto begun = access_.begin(bearer(req), remote_ip, clock_());
  if (auto const* who = std::get_if<Access::Result>(&begun)) return answer(req, *who, respond);
  // A secret to hash: off the event loop, then back here with the request still held by its session.
  pins_.check(std::get<Access::Pending>(std::move(begun)), [this, &req, respond](Access::Pending const& p, auth::Role found) {
    auto const who = access_.finish(p, found, clock_());
    try {
      answer(req, who, respond);
    } catch (std::exception const& e) {
      std::cerr << "app: request failed for " << req.target() << ": " << e.what() << '\n';
      respond(net::json_error(http::status::internal_server_error, "internal_error", "the server failed to answer",
                              req.version(), false));
    }
  });
}

std::optional<Reply> TentServer::route(net::Request const& req, Access::Result const& who, Dispatcher::Done done) {
  auto const now = clock_();
  auto const path = split_path(req.target());
  auto const method = req.method();
  if (who.status != 200) return auth_refusal(who);
  auto const role = who.role;
  auto const audience = audience_of(role);
  // A direct answer's refusal, when the policy does not allow it to this caller.
  auto refused = [&](std::string_view answer) -> std::optional<Reply> {
    if (auto const no = refusal(role, *least_role(Permission::Kind::answer, answer))) return error_reply(*no);
    return std::nullopt;
  };
  auto const n = path.size();
  auto const get = method == http::verb::get, post = method == http::verb::post;
  auto at = [&](std::size_t i, std::string_view s) { return n > i && path[i] == s; };

  // Queries.
  if (get && n == 2 && at(1, "state")) return Reply{200, snapshot_view(dispatcher_.tent(), dispatcher_.seq(), now, audience)};
  if (get && n == 3 && at(1, "tickets")) return dispatcher_.ticket(path[2], now, audience);
  if (get && n == 2 && at(1, "stats")) {
    if (auto no = refused("stats")) return no;
    return Reply{200, stats_view(compute_stats(dispatcher_.tent(), now))};
  }
  if (get && n == 3 && at(1, "export") && at(2, "sessions.csv")) {
    if (auto no = refused("export")) return no;
    return Reply{200, sessions_csv(dispatcher_.tent())};
  }
  if (get && n == 3 && at(1, "languages")) return Reply{200, {{"languages", languages(path[2])}}};
  if (get && n == 2 && at(1, "settings"))
    return Reply{200, {{"settings", settings_view(dispatcher_.tent().settings(), audience)},
                  {"kiosk_key_required", access_.kiosk_key_required()}}};

  // The kiosk key is a secret, kept beside the PINs rather than in the event log.
  if (post && n == 2 && at(1, "kiosk-key")) {
    if (auto no = refused("kiosk_key")) return no;
    auto const parsed = protocol::parse_body(req.body(), 4096);
    json const key = parsed && parsed->is_object() ? parsed->value("key", json()) : json();
    if (!key.is_string() || key.get_ref<std::string const&>().size() > Access::max_key_length)
      return error_reply(protocol::invalid_field("key", "a text of at most 64 characters (empty removes the key)"));
    set_kiosk_key(key.get<std::string>());
    return Reply{200, {{"ok", true}, {"kiosk_key_required", access_.kiosk_key_required()}}};
  }

  // Commands: every one goes through the dispatcher.
  if (!post && !(method == http::verb::put && n == 2 && at(1, "settings")))
    return error_reply({405, "method_not_allowed", "Use POST for actions and GET for reading."});
  json params = json::object();
  bool const csv = at(1, "roster") && std::string_view(req[http::field::content_type]).find("csv") != std::string_view::npos;
  if (!req.body().empty() && !csv) {
    auto parsed = protocol::parse_body(req.body(), max_json_body);
    if (!parsed) return error_reply(protocol::bad_json("the body is not valid JSON (or is too large)"));
    if (!parsed->is_object()) return error_reply(protocol::bad_json("the body must be a JSON object"));
    params = std::move(*parsed);
  }
  std::string_view op;
  if (n == 2 && at(1, "checkins")) op = "checkin";
  else if (n == 2 && at(1, "runners")) op = "add_runner";
  else if (n == 4 && at(1, "tickets") && at(3, "leave")) { op = "leave"; params["bib"] = path[2]; }
  else if (n == 4 && at(1, "queue") && (at(3, "priority") || at(3, "move") || at(3, "remove"))) {
    op = path[3];
    params["bib"] = path[2];
  }
  else if (n == 2 && at(1, "tables")) op = "table_create";
  else if (n == 4 && at(1, "tables")) {
    auto const id = to_int(path[2]);
    auto const action = table_op(path[3]);
    if (!id || !action) return error_reply({404, "not_found", "No such table action."});
    op = *action;
    params["table"] = *id;
  }
  else if (n == 2 && at(1, "settings")) op = "settings";
  else if (n == 2 && at(1, "announcement")) op = "announce";
  else if (n == 3 && at(1, "ops")) op = path[2];
  else if (n == 2 && at(1, "roster")) {
    op = "roster";
    if (csv) {  // a spreadsheet export: good rows load, bad rows are reported
      auto parsed = protocol::parse_roster_csv(req.body());
      json rejected = json::array();
      for (auto const& [line, reason] : parsed.rejected) rejected.push_back({{"line", line}, {"reason", reason}});
      params = {{"entries", parsed.entries}};
      if (std::string_view(req.target()).find("dry_run=1") != std::string_view::npos) {
        json preview = json::array();
        for (std::size_t i = 0; i < parsed.entries.size() && i < 20; ++i) preview.push_back(parsed.entries[i]);
        return Reply{200, {{"dry_run", true}, {"accepted", parsed.entries.size()}, {"preview", preview}, {"rejected", rejected}}};
      }
      dispatcher_.submit(op, std::move(params), role, now,
                         [done = std::move(done), accepted = parsed.entries.size(), rejected](Reply r) {
                           r.body["accepted"] = accepted;
                           r.body["rejected"] = rejected;
                           done(std::move(r));
                         });
      return std::nullopt;
    }
  }
  else return error_reply({404, "not_found", "There is no such API route."});
  dispatcher_.submit(op, std::move(params), role, now, std::move(done));
  return std::nullopt;
}

json TentServer::languages(std::string_view page) const {
  json out = json::array();
  auto const folders = web_folders();
  if (std::find(folders.begin(), folders.end(), page) == folders.end()) return out;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto const& entry : std::filesystem::directory_iterator(web_root_ / page / "i18n", ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (auto const& file : files) {
    std::ifstream in(file);
    auto strings = json::parse(in, nullptr, false);
    if (strings.is_discarded() || !strings.is_object()) continue;
    out.push_back({{"code", file.stem().string()}, {"name", strings.value("_language", file.stem().string())}});
  }
  return out;
}

}  // namespace tent::app
