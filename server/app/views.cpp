#include "app/views.hpp"

#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "protocol/events_json.hpp"
#include "protocol/names.hpp"

#include <algorithm>

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

json table_view(Tent const& tent, Table const& t, Audience audience) {
  json j = {{"id", t.id},
            {"name", t.name},
            {"state", protocol::to_string(t.state)},
            {"since", t.since},
            {"served", t.served},
            {"bib", t.bib.empty() ? json(nullptr) : json(t.bib)},
            {"called_at",
             millis_or_null(t.state == TableState::called || t.state == TableState::in_session ? t.called_at : 0)},
            {"started_at", millis_or_null(t.state == TableState::in_session ? t.started_at : 0)}};
  if (audience == Audience::staff) {
    j["therapist"] = t.therapist;
    j["undo"] = t.last.kind == UndoRecord::Kind::none ? json(nullptr) : json(t.last.at);
    j["areas"] = json::array();
    j["referral"] = nullptr;
    if (!t.bib.empty()) {
      if (auto const* ticket = tent.ticket(t.bib))
        for (auto a : ticket->areas) j["areas"].push_back(protocol::to_string(a));
      if (auto const* r = tent.referrals().latest(t.bib); r && !r->withdrawn)
        j["referral"] = {{"from", r->from == Referral::From::table ? "table" : "kiosk"},
                         {"at", r->at},
                         {"cleared_by", r->cleared_by}};
    }
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

// Seconds to the millisecond: a client computes a runner's wait from these exactly as quote_s does
// from the milliseconds, so the pages show the server's own estimated_wait_s (tests/web/).
json eta_view(Eta const& eta) {
  json slots = json::array();
  for (auto s : eta.slots) slots.push_back(secs(s));
  return {{"at", eta.at},
          {"slots_s", slots},
          {"turnover_s", secs(eta.turnover())},
          {"walk_s", secs(eta.walk)},
          {"session_s", secs(eta.session)}};
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

json const& limits_view() {
  static json const view = [] {
    json ranges = json::object();
    for (auto const& r : setting_ranges) ranges[std::string(r.field)] = {{"min", r.min}, {"max", r.max}};
    return json{{"bib_max_length", max_bib_length},
                {"name_max_length", max_name_length},
                {"text_max_length", max_text_length},
                {"max_tables", max_tables},
                {"refused_categories_max", max_refused_categories},
                {"undo_window_s", undo_window / 1000},
                {"settings", std::move(ranges)}};
  }();
  return view;
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
  bool const reached_table =
      t.status == TicketStatus::called || t.status == TicketStatus::in_session || t.status == TicketStatus::done;
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
  for (auto const& t : tent.tables()) tables.push_back(table_view(tent, t, audience));
  json queue = json::array();
  for (auto const& bib : tent.queue()) queue.push_back(queue_entry_view(tent, bib, audience));
  json j = {{"type", "snapshot"},
            {"seq", seq},
            {"at", now},
            {"audience", audience == Audience::staff ? "staff" : "public"},
            {"settings", settings_view(tent.settings(), audience)},
            {"limits", limits_view()},
            {"announcement", tent.announcement()},
            {"announcement_translations", tent.announcement_translations()},
            {"tables", tables},
            {"queue", queue},
            {"eta", eta_view(eta(tent, now))}};
  if (audience == Audience::staff) {
    j["roster_size"] = tent.roster().size();
    j["referrals"] = open_referrals_view(tent);
  }
  return j;
}

json open_referrals_view(Tent const& tent) {
  json out = json::array();
  for (auto const* r : tent.referrals().unacknowledged()) {
    json j = {{"bib", r->bib},
              {"from", r->from == Referral::From::table ? "table" : "kiosk"},
              {"at", r->at},
              {"red_flags", r->red_flags},
              {"category", r->category},
              {"table", r->table ? json(*r->table) : json(nullptr)}};
    if (r->table)
      if (auto const* t = tent.table(*r->table)) j["table_name"] = t->name;
    add_name(j, tent, r->bib);
    out.push_back(std::move(j));
  }
  return out;
}

bool touches_referrals(Batch const& batch) {
  for (auto const& e : batch.events) {
    bool const touches = std::visit(overloaded{
                                        [](ev::Referred const&) { return true; },
                                        [](ev::ReferralAcknowledged const&) { return true; },
                                        [](ev::ReferralCleared const&) { return true; },
                                        [](ev::Undone const&) { return true; },  // may take back a "sent to medical"
                                        [](ev::CheckedIn const& c) { return c.was_referred; },
                                        [](ev::Finished const& f) { return f.outcome == Outcome::medical; },
                                        [](auto const&) { return false; },
                                    },
                                    e);
    if (touches) return true;
  }
  return false;
}

json stats_view(Stats const& s) {
  json tables = json::array();
  for (auto const& t : s.tables)
    tables.push_back({{"id", t.id},
                      {"name", t.name},
                      {"therapist", t.therapist},
                      {"served", t.served},
                      {"utilisation", t.utilisation}});
  json therapists = json::array();
  for (auto const& t : s.therapists)
    therapists.push_back({{"name", t.name}, {"served", t.served}, {"busy_s", t.busy / 1000}});
  return {{"at", s.at},
          {"counts",
           {{"checked_in", s.checked_in},
            {"waiting", s.waiting},
            {"called", s.called},
            {"in_session", s.in_session},
            {"served", s.served},
            {"no_shows", s.no_shows},
            {"walkouts", s.walkouts},
            {"removed", s.removed},
            {"referrals", s.referrals},
            {"referrals_kiosk", s.referrals_kiosk},
            {"referrals_table", s.referrals_table}}},
          {"wait", distribution_view(s.wait)},
          {"walk", distribution_view(s.walk)},
          {"session", distribution_view(s.session)},
          {"changeover", distribution_view(s.changeover)},
          {"quotes",
           {{"count", s.quotes.count},
            {"median_error_s", secs(s.quotes.median_error)},
            {"median_ratio", s.quotes.median_ratio}}},
          {"throughput_15min", buckets_view(s.throughput)},
          {"queue_length_15min", buckets_view(s.queue_length)},
          {"tables", tables},
          {"therapists", therapists},
          {"projected_clear_at", s.projected_clear_at ? json(*s.projected_clear_at) : json(nullptr)}};
}

namespace {

// One visit as the export shows it: a runner's latest visit, or one that ended in a referral.
struct VisitRow {
  Bib bib;
  std::string category, status;
  Millis checked_in_at = 0, called_at = 0, started_at = 0, finished_at = 0, excluded_ms = 0;
  std::optional<TableId> table;
  std::string therapist;
  std::int32_t quoted_wait_s = -1;
  std::vector<Area> areas;
  Referral const* referral = nullptr;
};

VisitRow ticket_row(Ticket const& t) {
  return {t.bib,           t.category,        protocol::to_string(t.status),
          t.checked_in_at, t.first_called_at, t.started_at,
          t.finished_at,   t.excluded_ms,     t.table,
          t.therapist,     t.quoted_wait_s,   t.areas,
          nullptr};
}

VisitRow referral_row(Referral const& r) {
  bool const from_table = r.from == Referral::From::table;
  return {r.bib,
          r.category,
          "referred",
          r.checked_in_at,
          r.called_at,
          r.started_at,
          from_table ? r.at : 0,
          r.excluded_ms,
          r.table,
          r.therapist,
          r.quoted_wait_s,
          r.areas,
          &r};
}

template <class List>
std::string joined(List const& items) {
  std::string out;
  for (auto const& item : items) out += (out.empty() ? "" : " ") + protocol::to_string(item);
  return out;
}

}  // namespace

std::string sessions_csv(Tent const& tent) {
  std::vector<VisitRow> rows;
  // A referred ticket's visit is its latest referral's row; every referral keeps its own row.
  for (auto const& [bib, t] : tent.tickets())
    if (t.status != TicketStatus::referred) rows.push_back(ticket_row(t));
  for (auto const& r : tent.referrals().all())
    if (!r.withdrawn) rows.push_back(referral_row(r));
  // Oldest visit first; at the same moment a referral comes before the visit that followed it.
  std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) {
    return a.checked_in_at != b.checked_in_at ? a.checked_in_at < b.checked_in_at : a.referral && !b.referral;
  });
  std::string out =
      "bib,first_name,last_name,category,status,checked_in_at,called_at,started_at,finished_at,"
      "table,therapist,wait_s,session_s,quoted_wait_s,areas,"
      "referred_from,red_flags,referred_at,acknowledged_at,acknowledged_by,cleared_at,cleared_by\r\n";
  auto ms = [](Millis t) { return t == 0 ? std::string{} : std::to_string(t); };
  for (auto const& v : rows) {
    auto const* r = tent.roster_entry(v.bib);
    auto const* table = v.table ? tent.table(*v.table) : nullptr;
    bool const started = v.started_at != 0;
    out += csv_field(v.bib) + "," + csv_field(r ? r->first_name : "") + "," + csv_field(r ? r->last_name : "") + "," +
           csv_field(v.category) + "," + v.status + "," + ms(v.checked_in_at) + "," + ms(v.called_at) + "," +
           ms(v.started_at) + "," + ms(v.finished_at) + "," + (table ? std::to_string(table->id) : "") + "," +
           csv_field(v.therapist) + "," +
           (started ? std::to_string((v.started_at - v.checked_in_at - v.excluded_ms) / 1000) : "") + "," +
           (started && v.finished_at ? std::to_string((v.finished_at - v.started_at) / 1000) : "") + "," +
           (v.quoted_wait_s >= 0 ? std::to_string(v.quoted_wait_s) : "") + "," + joined(v.areas) + ",";
    if (auto const* ref = v.referral) {
      out += std::string(ref->from == Referral::From::table ? "table" : "kiosk") + "," + joined(ref->red_flags) + "," +
             ms(ref->at) + "," + ms(ref->acknowledged_at) + "," + csv_field(ref->acknowledged_by) + "," +
             ms(ref->cleared_at) + "," + csv_field(ref->cleared_by);
    } else {
      out += ",,,,,,";
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace tent::app
