// REST: a request is matched against the route table (app/route_table.hpp), its caller checked
// against the policy (app/policy.hpp), and then either its op goes the one Dispatcher path or the
// route answers by itself (state, ticket, settings, languages, stats, export, kiosk key, addresses,
// metrics, plan).

#include "app/backup_schedule.hpp"
#include "app/metrics.hpp"
#include "app/metrics_text.hpp"
#include "app/policy.hpp"
#include "app/sessions_export.hpp"
#include "app/tent_server.hpp"
#include "core/stats.hpp"
#include "log/logger.hpp"
#include "net/host_addresses.hpp"
#include "net/json_error.hpp"
#include "net/options.hpp"
#include "protocol/errors.hpp"
#include "protocol/events_json.hpp"
#include "protocol/roster_csv.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace tent::app {

using nlohmann::json;
namespace http = net::http;

namespace {

// Rows of a CSV roster shown back by a dry run.
constexpr std::size_t roster_preview_rows = 20;

std::optional<std::string_view> bearer(net::Request const& req) {
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return std::nullopt;
  auto value = std::string_view(it->value());
  constexpr std::string_view scheme = "Bearer ";
  if (value.substr(0, scheme.size()) != scheme) return std::nullopt;
  return value.substr(scheme.size());
}

bool is_api(RouteMatch const& m) { return m.rest.substr(0, 5) == "/api/"; }

// The reply to a request no route takes: 404, 405 (with the methods the path has) or 400.
Reply unrouted(RouteMatch const& m) {
  switch (m.outcome) {
    case RouteMatch::Outcome::wrong_method:
      return error_reply({405, "method_not_allowed", "This address takes " + m.allowed + ", not this method."});
    case RouteMatch::Outcome::bad_target:
      return error_reply({400, "bad_request", "The address is not a valid URL path."});
    default:
      return error_reply({404, "not_found", "There is no such API route."});
  }
}

}  // namespace

std::optional<net::Answer> TentServer::without_secret(net::Request const& req, RouteMatch const& m) const {
  if (m.in_tent && !dispatcher_.tents().find(m.tent)) {
    return net::Answer(http_response(error_reply(protocol::unknown_tent(m.tent))));
  }
  if (m.outcome != RouteMatch::Outcome::found) {
    // Outside /api/, whatever no route takes is a page (or not found there).
    if (!is_api(m) && m.outcome != RouteMatch::Outcome::wrong_method) {
      if (auto file = files_.serve(req, m.rest, tent_prefix(m.tent))) return std::move(*file);
      return net::json_error(http::status::not_found, "not_found", "There is nothing at this address.", req.version(),
                             req.keep_alive());
    }
    auto res = http_response(unrouted(m));
    if (m.outcome == RouteMatch::Outcome::wrong_method) res.set(http::field::allow, m.allowed);
    return net::Answer(std::move(res));
  }
  if (m.route->answer == Answer::metrics && open_metrics_) return http_response(metrics(clock_()));
  if (!m.route->open) return std::nullopt;
  net::Response res;
  if (m.route->answer == Answer::home) {
    res.result(http::status::found);
    res.set(http::field::location, tent_prefix(m.tent) + "/display/");
    return res;
  }
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = R"({"status":"ok"})";
  return res;
}

net::Answer TentServer::handle(net::Request const& req, std::string const& remote_ip) {
  auto const m = match_route(req.method(), req.target());
  if (auto res = without_secret(req, m)) return std::move(*res);
  Reply reply;
  auto const who = access_.authenticate(bearer(req), remote_ip, clock_());
  if (auto now = route(req, m, who, remote_ip, [&](Reply r) { reply = std::move(r); })) return http_response(*now);
  dispatcher_.flush();
  // A replication request that would wait cannot here: it gets its answer now.
  if (reply.body.is_null()) replication_.expire(0, true);
  return http_response(reply);
}

void TentServer::answer(net::Request const& req, RouteMatch const& m, Access::Result const& who,
                        std::string const& remote_ip, net::Respond const& respond) {
  auto now = route(req, m, who, remote_ip, [respond](Reply r) { respond(http_response(r)); });
  if (now) return respond(http_response(*now));
  schedule_flush();
}

void TentServer::handle_async(net::Request const& req, std::string const& remote_ip, net::Respond respond) {
  auto const m = match_route(req.method(), req.target());
  if (auto res = without_secret(req, m)) return respond(std::move(*res));
  auto begun = access_.begin(bearer(req), remote_ip, clock_());
  if (auto const* who = std::get_if<Access::Result>(&begun)) return answer(req, m, *who, remote_ip, respond);
  // A secret to hash: off the event loop, then back here with the request still held by its session.
  // m views the target of that held request, so it stays good as well.
  pins_.check(std::get<Access::Pending>(std::move(begun)),
              [this, &req, m, remote_ip, respond](Access::Pending const& p, auth::Role found) {
                auto const who = access_.finish(p, found, clock_());
                try {
                  answer(req, m, who, remote_ip, respond);
                } catch (std::exception const& e) {
                  // The path only: a query could carry what a client typed.
                  auto const path = std::string(m.url.path());
                  log::error("app", "request failed for " + path + ": " + e.what(), {{"path", path}});
                  respond(net::json_error(http::status::internal_server_error, "internal_error",
                                          "the server failed to answer", req.version(), false));
                }
              });
}

std::optional<Reply> TentServer::route(net::Request const& req, RouteMatch const& m, Access::Result const& who,
                                       std::string const& remote_ip, Dispatcher::Done done) {
  if (who.status != 200) return auth_refusal(who);
  Route const& r = *m.route;
  auto const now = clock_();
  auto const role = who.role;
  auto const audience = audience_of(role);
  std::string const op(r.answer != Answer::op ? std::string_view() : r.action.empty() ? *m.capture("op") : r.action);
  // The policy before the body is read. An op nobody may run is not one: the dispatcher refuses it.
  auto const need =
      r.answer == Answer::op ? least_role(Permission::Kind::op, op) : least_role(Permission::Kind::answer, r.action);
  if (need)
    if (auto const refused = refusal(role, *need)) return error_reply(*refused);

  json body = json::object();
  bool const csv = r.body == Body::json_or_csv &&
                   std::string_view(req[http::field::content_type]).find("csv") != std::string_view::npos;
  if (r.body != Body::none && !csv && !req.body().empty()) {
    auto parsed = protocol::parse_body(req.body(), net::max_body_bytes);
    if (!parsed) return error_reply(protocol::bad_json("the body is not valid JSON (or is too large)"));
    if (!parsed->is_object()) return error_reply(protocol::bad_json("the body must be a JSON object"));
    body = std::move(*parsed);
  }

  auto const& tent = dispatcher_.tent(m.tent);  // without_secret refused a tent the event does not have
  switch (r.answer) {
    case Answer::op:
      break;
    case Answer::state:
      return Reply{200, snapshot_view(tent, dispatcher_.seq(m.tent), now, audience)};
    case Answer::ticket:
      return dispatcher_.ticket(m.tent, *m.capture("bib"), now, audience);
    case Answer::settings:
      return Reply{200,
                   {{"settings", settings_view(tent.settings(), audience)},
                    {"limits", limits_view()},
                    {"kiosk_key_required", access_.kiosk_key_required()}}};
    case Answer::languages:
      return Reply{200, {{"languages", languages(*m.capture("page"))}}};
    case Answer::stats:
      return Reply{200, stats_view(compute_stats(tent, now), tent)};
    case Answer::export_sessions:
      return Reply{200, sessions_csv(tent, machine_offset_s)};
    case Answer::export_event:
      return Reply{200, event_csv(dispatcher_.tents(), machine_offset_s)};
    case Answer::export_hours:
      return Reply{200, hours_csv(tent, machine_offset_s, now)};
    case Answer::hours:
      return Reply{200, hours_view(tent, now)};
    case Answer::tents: {
      json tents = json::array();
      for (auto const& [id, entry] : dispatcher_.tents().all()) tents.push_back(tent_summary(id, entry.tent, now));
      return Reply{200, {{"tents", std::move(tents)}}};
    }
    case Answer::backups: {
      auto status = backups_ ? backups_->status() : json{{"enabled", false}};
      // The standby laptops following this server: each one's address, the seq it last said it
      // holds and when it last asked.
      json standbys = json::array();
      for (auto const& f : replication_.followers(now))
        standbys.push_back({{"address", f.address}, {"seq", f.since}, {"asked_at", f.asked_at}});
      status["standbys"] = std::move(standbys);
      status["last_seq"] = dispatcher_.seq();
      return Reply{200, std::move(status)};
    }
    case Answer::addresses:
      return addresses();
    case Answer::metrics:
      return metrics(now);
    case Answer::replication: {
      auto answer =
          replication_.request(m.query("since"), m.query("wait"), remote_ip, now, steady_ms(), std::move(done));
      if (!answer) arm_replication_timer();
      return answer;
    }
    case Answer::kiosk_key: {
      // The kiosk key is a secret, kept beside the PINs rather than in the event log.
      json const key = body.value("key", json());
      if (!key.is_string() || key.get_ref<std::string const&>().size() > Access::max_key_length)
        return error_reply(protocol::invalid_field("key", "a text of at most 64 characters (empty removes the key)"));
      set_kiosk_key(key.get<std::string>());
      return Reply{200, {{"ok", true}, {"kiosk_key_required", access_.kiosk_key_required()}}};
    }
    case Answer::plan:
      if (!planner_.run(std::move(body), m.tent, std::move(done)))
        return error_reply({503, "planner_busy", "Another plan is being worked out. Try again in a moment."});
      return std::nullopt;
    case Answer::health:
    case Answer::home:
      return error_reply({500, "internal_error", "This route is answered without a secret."});  // see without_secret
  }

  if (csv) return submit_roster_csv(req, m, role, now, std::move(done));
  // ?dry_run=1 on an op route is the op's `dry_run` (a check-in decided, not committed).
  if (m.query("dry_run") == "1") body["dry_run"] = true;
  for (auto const& [name, value] : m.captures) {
    if (name == "bib") body["bib"] = value;
    if (name == "table") {
      std::int64_t id = 0;
      std::from_chars(value.data(), value.data() + value.size(), id);  // a whole number: the route matched it
      body["table"] = id;
    }
  }
  dispatcher_.submit(m.tent, op, std::move(body), role, now, std::move(done));
  return std::nullopt;
}

std::optional<Reply> TentServer::submit_roster_csv(net::Request const& req, RouteMatch const& m, auth::Role role,
                                                   Millis now, Dispatcher::Done done) {
  // A spreadsheet export: good rows load, bad rows are reported. ?bib=Startnummer&first_name=2...
  // names the columns, as import-roster --columns does.
  protocol::RosterColumns columns;
  for (auto const field : protocol::roster_fields) {
    auto const name = protocol::to_string(field);
    if (auto const column = m.query(name); column && !columns.set(name, *column).empty())
      return error_reply(protocol::invalid_field(name, "a column of the header row: its name, or its number from 1"));
  }
  auto parsed = protocol::parse_roster_csv(req.body(), columns);
  auto const rejected = roster_rejections(parsed);
  if (m.query("dry_run") == "1") {
    json preview = json::array();
    for (std::size_t i = 0; i < parsed.entries.size() && i < roster_preview_rows; ++i)
      preview.push_back(parsed.entries[i]);
    return Reply{
        200, {{"dry_run", true}, {"accepted", parsed.entries.size()}, {"preview", preview}, {"rejected", rejected}}};
  }
  // A header it cannot use (no bib column, or a column the mapping names but the file lacks) loads
  // nothing, rather than an empty roster.
  if (!parsed.header_error.empty())
    return error_reply({422, "invalid_roster", "The roster was not loaded: " + parsed.header_error + "."});
  auto const accepted = parsed.entries.size();
  dispatcher_.submit(m.tent, "roster", json{{"entries", parsed.entries}}, role, now,
                     [done = std::move(done), accepted, rejected](Reply r) {
                       r.body["accepted"] = accepted;
                       r.body["rejected"] = rejected;
                       done(std::move(r));
                     });
  return std::nullopt;
}

Reply TentServer::metrics(Millis now) const {
  MetricsInputs in;
  in.now = now;
  for (auto const& [id, client] : clients_) {
    if (client.role == auth::Role::display) ++in.sockets.display;
    if (client.role == auth::Role::kiosk) ++in.sockets.kiosk;
    if (client.role == auth::Role::volunteer) ++in.sockets.volunteer;
    if (client.role == auth::Role::organiser) ++in.sockets.organiser;
  }
  in.commits = &dispatcher_.commits();
  if (transport_) in.slow_clients_cut = transport_->slow_clients();
  if (backups_) {
    in.backups.enabled = true;
    in.backups.last_ok_at = backups_->last_ok_at();
    in.backups.last_failed = backups_->last() && !backups_->last()->ok;
  }
  return Reply{200, tent_metrics(dispatcher_.tents(), in), std::string(metrics_content_type)};
}

Reply TentServer::addresses() const {
  if (!transport_) return error_reply({500, "internal_error", "The server does not know where it listens."});
  auto const& endpoint = transport_->local_endpoint();
  // Asked each time: the laptop may join the tent's Wi-Fi after the server started.
  auto const found = net::reachable_addresses(net::local_interfaces(), endpoint.address());
  return Reply{200,
               {{"port", endpoint.port()},
                {"bound", endpoint.address().to_string()},
                {"addresses", found.addresses},
                {"reason", net::to_string(found.reason)}}};
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
