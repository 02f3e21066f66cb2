#include "app/views.hpp"

#include <algorithm>

#include "protocol/events_json.hpp"
#include "protocol/names.hpp"

namespace tent::app {

using nlohmann::json;

namespace {

// Staff views name the runner when the roster knows the bib.
void add_name(json& j, Tent const& tent, Bib const& bib) {
  if (auto const* r = tent.roster_entry(bib)) j["name"] = r->first_name + " " + r->last_name;
}

double secs(Millis t) { return static_cast<double>(t) / 1000.0; }

json millis_or_null(Millis t) { return t == 0 ? json(nullptr) : json(t); }

json distribution_view(Distribution const& d) {
  return {{"count", d.count}, {"p50_s", secs(d.p50)}, {"p90_s", secs(d.p90)}, {"max_s", secs(d.max)}};
}

json buckets_view(std::vector<Stats::Bucket> const& buckets) {
  json out = json::array();
  for (auto const& b : buckets) out.push_back({{"start", b.start}, {"value", b.value}});
  return out;
}

// CSV field: quoted when it holds a separator, quote or line break; a leading formula
// character is prefixed so a spreadsheet never runs a name as a formula.
std::string csv_field(std::string s) {
  if (!s.empty() && std::string_view("=+-@").find(s.front()) != std::string_view::npos) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

json table_view(Table const& t, Audience audience) {
  json j = {{"id", t.id},       {"name", t.name},     {"state", protocol::to_string(t.state)},
            {"since", t.since}, {"served", t.served}, {"bib", t.bib.empty() ? json(nullptr) : json(t.bib)},
            {"called_at", millis_or_null(t.state == TableState::called || t.state == TableState::in_session ? t.called_at : 0)},
            {"started_at", millis_or_null(t.state == TableState::in_session ? t.started_at : 0)}};
  if (audience == Audience::staff) {
    j["therapist"] = t.therapist;
    j["undo"] = t.last.kind == UndoRecord::Kind::none ? json(nullptr) : json(t.last.at);
  }
  return j;
}

json queue_entry_view(Tent const& tent, Bib const& bib, Audience audience) {
  auto const& t = *tent.ticket(bib);
  json j = {{"bib", bib}};
  if (audience == Audience::public_) return j;
  j["checked_in_at"] = t.checked_in_at;
  j["priority"] = t.priority;
  j["requeued"] = t.requeued;
  j["category"] = t.category;
  j["areas"] = json::array();
  for (auto a : t.areas) j["areas"].push_back(protocol::to_string(a));
  add_name(j, tent, bib);
  return j;
}

json eta_view(Eta const& eta) {
  json slots = json::array();
  for (auto s : eta.slots) slots.push_back(s / 1000);
  return {{"at", eta.at}, {"slots_s", slots}, {"turnover_s", eta.turnover() / 1000}, {"walk_s", eta.walk / 1000},
          {"session_s", eta.session / 1000}};
}

json settings_view(Settings const& s, Audience audience) {
  if (audience == Audience::staff) return s;
  return {{"tent_name", s.tent_name},
          {"session_target_s", s.session_target_s},
          {"call_timeout_s", s.call_timeout_s},
          {"changeover_s", s.changeover_s},
          {"medical_directions", s.medical_directions},
          {"closing_at", s.closing_at ? json(*s.closing_at) : json(nullptr)}};
}

json ticket_view(Tent const& tent, Ticket const& t, Eta const& eta, Audience audience) {
  json j = {{"bib", t.bib}, {"status", protocol::to_string(t.status)}, {"checked_in_at", t.checked_in_at}};
  auto const position = tent.position(t.bib);
  j["position"] = position == 0 ? json(nullptr) : json(position);
  j["estimated_wait_s"] = position == 0 ? json(nullptr) : json(quote_s(wait_for(eta, position)));
  if (t.table) {
    j["table"] = *t.table;
    j["table_name"] = tent.table(*t.table)->name;
  }
  bool const reached_table = t.status == TicketStatus::called || t.status == TicketStatus::in_session ||
                            t.status == TicketStatus::done;
  j["called_at"] = millis_or_null(reached_table ? t.called_at : 0);
  j["started_at"] = millis_or_null(reached_table ? t.started_at : 0);
  j["finished_at"] = millis_or_null(t.status == TicketStatus::done ? t.finished_at : 0);
  if (audience == Audience::staff) {
    j["priority"] = t.priority;
    j["category"] = t.category;
    add_name(j, tent, t.bib);
  }
  return j;
}

json snapshot_view(Tent const& tent, std::int64_t seq, Millis now, Audience audience) {
  json tables = json::array();
  for (auto const& t : tent.tables()) tables.push_back(table_view(t, audience));
  json queue = json::array();
  for (auto const& bib : tent.queue()) queue.push_back(queue_entry_view(tent, bib, audience));
  json j = {{"type", "snapshot"},
            {"seq", seq},
            {"at", now},
            {"audience", audience == Audience::staff ? "staff" : "public"},
            {"settings", settings_view(tent.settings(), audience)},
            {"announcement", tent.announcement()},
            {"tables", tables},
            {"queue", queue},
            {"eta", eta_view(eta(tent, now))}};
  if (audience == Audience::staff) j["roster_size"] = tent.roster().size();
  return j;
}

json stats_view(Stats const& s) {
  json tables = json::array();
  for (auto const& t : s.tables)
    tables.push_back({{"id", t.id}, {"name", t.name}, {"therapist", t.therapist}, {"served", t.served},
                      {"utilisation", t.utilisation}});
  json therapists = json::array();
  for (auto const& t : s.therapists)
    therapists.push_back({{"name", t.name}, {"served", t.served}, {"busy_s", t.busy / 1000}});
  return {{"at", s.at},
          {"counts",
           {{"checked_in", s.checked_in}, {"waiting", s.waiting}, {"called", s.called}, {"in_session", s.in_session},
            {"served", s.served}, {"no_shows", s.no_shows}, {"walkouts", s.walkouts}, {"removed", s.removed},
            {"referrals", s.referrals}}},
          {"wait", distribution_view(s.wait)},
          {"walk", distribution_view(s.walk)},
          {"session", distribution_view(s.session)},
          {"changeover", distribution_view(s.changeover)},
          {"quotes",
           {{"count", s.quotes.count}, {"median_error_s", secs(s.quotes.median_error)},
            {"median_ratio", s.quotes.median_ratio}}},
          {"throughput_15min", buckets_view(s.throughput)},
          {"queue_length_15min", buckets_view(s.queue_length)},
          {"tables", tables},
          {"therapists", therapists},
          {"projected_clear_at", s.projected_clear_at ? json(*s.projected_clear_at) : json(nullptr)}};
}

std::string sessions_csv(Tent const& tent) {
  std::vector<Ticket const*> rows;
  for (auto const& [bib, t] : tent.tickets()) rows.push_back(&t);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->checked_in_at < b->checked_in_at; });
  std::string out = "bib,first_name,last_name,category,status,checked_in_at,called_at,started_at,finished_at,"
                    "table,therapist,wait_s,session_s,quoted_wait_s,areas\r\n";
  auto ms = [](Millis t) { return t == 0 ? std::string{} : std::to_string(t); };
  for (auto const* t : rows) {
    auto const* r = tent.roster_entry(t->bib);
    auto const* table = t->table ? tent.table(*t->table) : nullptr;
    std::string areas;
    for (auto a : t->areas) areas += (areas.empty() ? "" : " ") + protocol::to_string(a);
    bool const started = t->started_at != 0;
    out += csv_field(t->bib) + "," + csv_field(r ? r->first_name : "") + "," + csv_field(r ? r->last_name : "") + "," +
           csv_field(t->category) + "," + protocol::to_string(t->status) + "," + ms(t->checked_in_at) + "," +
           ms(t->first_called_at) + "," + ms(t->started_at) + "," + ms(t->finished_at) + "," +
           (table ? std::to_string(table->id) : "") + "," + csv_field(t->therapist) + "," +
           (started ? std::to_string((t->started_at - t->checked_in_at - t->excluded_ms) / 1000) : "") + "," +
           (t->finished_at ? std::to_string((t->finished_at - t->started_at) / 1000) : "") + "," +
           (t->quoted_wait_s >= 0 ? std::to_string(t->quoted_wait_s) : "") + "," + areas + "\r\n";
  }
  return out;
}

}  // namespace tent::app
