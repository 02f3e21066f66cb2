#include "app/views.hpp"

#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "protocol/events_json.hpp"
#include "protocol/names.hpp"

#include <algorithm>
#include <map>

namespace tent::app {

using nlohmann::json;

namespace {

// Staff views name the runner when the roster knows the bib.
void add_name(json& j, Tent const& tent, Bib const& bib) {
  if (auto const* r = tent.roster_entry(bib)) j["name"] = r->first_name + " " + r->last_name;
}

double secs(Millis t) { return static_cast<double>(t) / 1000.0; }
// Whole seconds, to the nearest: a sum of times is rounded once, after adding them up.
Millis rounded_s(Millis t) { return (t + 500) / 1000; }

json millis_or_null(Millis t) { return t == 0 ? json(nullptr) : json(t); }

json distribution_view(Distribution const& d) {
  return {{"count", d.count}, {"p50_s", secs(d.p50)}, {"p90_s", secs(d.p90)}, {"max_s", secs(d.max)}};
}

json buckets_view(std::vector<Stats::Bucket> const& buckets) {
  json out = json::array();
  for (auto const& b : buckets) out.push_back({{"start", b.start}, {"value", b.value}});
  return out;
}

json areas_view(std::vector<Area> const& areas) {
  json out = json::array();
  for (auto a : areas) out.push_back(protocol::to_string(a));
  return out;
}

}  // namespace

json record_view(SessionRecord const& r) {
  return {{"areas", areas_view(r.areas)},
          {"outcome", protocol::to_string(r.outcome)},
          {"note", r.note},
          {"therapist", r.therapist},
          {"at", r.at}};
}

json feedback_view(Feedback const& f) {
  return {{"legs", f.legs},
          {"come_back", f.come_back ? json(*f.come_back) : json(nullptr)},
          {"first_at", f.first_at},
          {"at", f.at},
          {"until", f.first_at + feedback_window}};
}

// While the table's last action is a finish: the runner it finished, for the console's record prompt.
json last_session_view(Tent const& tent, Table const& t) {
  if (t.last.kind != UndoRecord::Kind::finished) return nullptr;
  auto const* ticket = tent.ticket(t.last.bib);
  if (!ticket) return nullptr;
  return {{"bib", t.last.bib},
          {"areas", areas_view(ticket->areas)},
          {"outcome", t.last.medical ? "medical" : "served"},
          {"record", ticket->record ? record_view(*ticket->record) : json(nullptr)}};
}

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
    j["last_session"] = last_session_view(tent, t);
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
  // Once the session is over: served, or sent to medical from the table (a finish too).
  j["finished_at"] =
      millis_or_null(t.status == TicketStatus::done || t.status == TicketStatus::referred ? t.finished_at : 0);
  // Once done: the areas worked (the record's, else the focus areas the runner asked for), for the
  // status page's after-care box. Never the outcome or the note: those are staff-only.
  if (t.status == TicketStatus::done) j["areas_worked"] = areas_view(t.record ? t.record->areas : t.areas);
  if (audience == Audience::staff) {
    j["priority"] = t.priority;
    j["category"] = t.category;
    j["record"] = t.record ? record_view(*t.record) : json(nullptr);
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

namespace {

json referral_view(Tent const& tent, Referral const& r) {
  json j = {{"bib", r.bib},
            {"from", r.from == Referral::From::table ? "table" : "kiosk"},
            {"at", r.at},
            {"red_flags", r.red_flags},
            {"category", r.category},
            {"table", r.table ? json(*r.table) : json(nullptr)}};
  if (r.table)
    if (auto const* t = tent.table(*r.table)) j["table_name"] = t->name;
  add_name(j, tent, r.bib);
  return j;
}

}  // namespace

json open_referrals_view(Tent const& tent) {
  json out = json::array();
  for (auto const* r : tent.referrals().unacknowledged()) out.push_back(referral_view(tent, *r));
  return out;
}

json referral_list_view(Tent const& tent) {
  json out = json::array();
  for (auto const& r : tent.referrals().all()) {
    if (r.withdrawn) continue;
    json j = referral_view(tent, r);
    j["acknowledged_at"] = millis_or_null(r.acknowledged_at);
    j["cleared_at"] = millis_or_null(r.cleared_at);
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

namespace {
// {answers, legs: [very sore .. great], mean}.
json answers_view(Answers const& a) { return {{"answers", a.count()}, {"legs", a.legs}, {"mean", a.mean()}}; }
}  // namespace

json stats_view(Stats const& s, Tent const& tent) {
  json tables = json::array();
  for (auto const& t : s.tables)
    tables.push_back({{"id", t.id},
                      {"name", t.name},
                      {"therapist", t.therapist},
                      {"served", t.served},
                      {"utilisation", t.utilisation}});
  json therapists = json::array();
  for (auto const& t : s.therapists)
    therapists.push_back({{"name", t.name},
                          {"served", t.served},
                          {"busy_s", rounded_s(t.busy)},
                          {"on_shift_s", rounded_s(t.on_shift)},
                          {"utilisation", t.utilisation},
                          {"feedback", answers_view(t.feedback)}});
  json feedback = answers_view(s.feedback.all);
  feedback["come_back"] = {{"yes", s.feedback.come_back_yes}, {"no", s.feedback.come_back_no}};
  feedback["by_time"] = json::array();
  for (auto const& b : s.feedback.by_time)
    feedback["by_time"].push_back({{"start", b.start}, {"legs", b.answers.legs}});
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
            {"median_ratio", s.quotes.median_ratio},
            {"mean_bias_s", secs(s.quotes.mean_bias)}}},
          {"throughput_15min", buckets_view(s.throughput)},
          {"arrivals_15min", buckets_view(s.arrivals)},
          {"queue_length_15min", buckets_view(s.queue_length)},
          {"tables", tables},
          {"therapists", therapists},
          {"projected_clear_at", s.projected_clear_at ? json(*s.projected_clear_at) : json(nullptr)},
          {"referral_list", referral_list_view(tent)},
          {"feedback", feedback}};
}

nlohmann::json roster_rejections(protocol::RosterParse const& parsed) {
  auto out = nlohmann::json::array();
  for (auto const& [line, reason] : parsed.rejected) out.push_back({{"line", line}, {"reason", reason}});
  return out;
}

json tent_ref(TentId const& id, Tent const& tent) {
  return {{"id", id}, {"name", tent.settings().tent_name}, {"path", id.empty() ? "/" : "/t/" + id + "/"}};
}

json tent_summary(TentId const& id, Tent const& tent, Millis now) {
  auto out = tent_ref(id, tent);
  auto const s = compute_stats(tent, now);
  auto const open = std::count_if(tent.tables().begin(), tent.tables().end(), [](Table const& t) {
    return t.state != TableState::closed && t.state != TableState::on_break;
  });
  out["waiting"] = s.waiting;
  out["called"] = s.called;
  out["in_session"] = s.in_session;
  out["served"] = s.served;
  out["tables_open"] = open;
  out["tables_total"] = tent.tables().size();
  out["wait_p90_s"] = s.wait.count ? json(rounded_s(s.wait.p90)) : json(nullptr);
  return out;
}

json hours_view(Tent const& tent, Millis now) {
  // One therapist however their name was typed on each table ("Ann Lee", "ann lee"): the first
  // spelling. Times are summed in milliseconds and rounded to seconds once, as in the statistics.
  struct Therapist {
    std::string name;
    Millis on_shift = 0, in_session = 0;
    std::int32_t sessions = 0;
    json shifts = json::array();
  };
  std::map<std::string, Therapist> by_name;
  for (auto const& shift : tent.history().shifts) {
    auto& t = by_name[therapist_key(shift.therapist)];
    if (t.name.empty()) t.name = shift.therapist;
    auto const* table = tent.table(shift.table);
    t.on_shift += (shift.to != 0 ? shift.to : now) - shift.from;
    t.in_session += shift.busy_ms;
    t.sessions += shift.sessions;
    t.shifts.push_back({{"table", shift.table},
                        {"table_name", table ? table->name : ""},
                        {"from", shift.from},
                        {"to", shift.to != 0 ? json(shift.to) : json(nullptr)},
                        {"sessions", shift.sessions},
                        {"in_session_s", rounded_s(shift.busy_ms)}});
  }
  json therapists = json::array();
  for (auto& [key, t] : by_name) {
    auto const utilisation =
        t.on_shift > 0 ? std::min(1.0, static_cast<double>(t.in_session) / static_cast<double>(t.on_shift)) : 0.0;
    therapists.push_back({{"name", t.name},
                          {"on_shift_s", rounded_s(t.on_shift)},
                          {"sessions", t.sessions},
                          {"in_session_s", rounded_s(t.in_session)},
                          {"utilisation", utilisation},
                          {"shifts", std::move(t.shifts)}});
  }
  return {{"tent", tent.settings().tent_name}, {"at", now}, {"therapists", std::move(therapists)}};
}

}  // namespace tent::app
