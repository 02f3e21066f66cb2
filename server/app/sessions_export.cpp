#include "app/sessions_export.hpp"

#include "core/stats.hpp"
#include "protocol/names.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

namespace tent::app {
namespace {

// CSV field: quoted when it holds a separator, quote or line break; a leading formula
// character is prefixed so a spreadsheet never runs a name as a formula.
std::string csv_field(std::string s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

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
  SessionRecord const* record = nullptr;
  Feedback const* feedback = nullptr;
};

VisitRow ticket_row(Ticket const& t) {
  return {t.bib,
          t.category,
          protocol::to_string(t.status),
          t.checked_in_at,
          t.first_called_at,
          t.started_at,
          t.finished_at,
          t.excluded_ms,
          t.table,
          t.therapist,
          t.quoted_wait_s,
          t.areas,
          nullptr,
          t.record ? &*t.record : nullptr,
          t.feedback ? &*t.feedback : nullptr};
}

VisitRow referral_row(Referral const& r) {
  bool const from_table = r.from == Referral::From::table;
  return {r.bib,         r.category, "referred",  r.checked_in_at, r.called_at, r.started_at, from_table ? r.at : 0,
          r.excluded_ms, r.table,    r.therapist, r.quoted_wait_s, r.areas,     &r,           nullptr,
          nullptr};
}

template <class List>
std::string joined(List const& items) {
  std::string out;
  for (auto const& item : items) out += (out.empty() ? "" : " ") + protocol::to_string(item);
  return out;
}

constexpr std::string_view header =
    "bib,first_name,last_name,category,status,checked_in_at,called_at,started_at,finished_at,"
    "table,therapist,wait_s,session_s,quoted_wait_s,areas,"
    "referred_from,red_flags,referred_at,acknowledged_at,acknowledged_by,cleared_at,cleared_by,"
    "areas_worked,session_outcome,session_note,recorded_by,feedback_legs,feedback_come_back,feedback_at\r\n";

// The tent's rows, each begun with `lead` (the event export's tent column).
void append_rows(std::string& out, Tent const& tent, UtcOffset const& offset_of, std::string const& lead) {
  std::vector<VisitRow> rows;
  // Every visit, the latest and the earlier ones; a referred visit is its referral's row, and every
  // referral keeps its own row.
  std::map<std::pair<Bib, Millis>, Ticket const*> referred;  // by bib and check-in time
  tent.for_each_visit([&](Ticket const& t) {
    if (t.status == TicketStatus::referred)
      referred[{t.bib, t.checked_in_at}] = &t;
    else
      rows.push_back(ticket_row(t));
  });
  for (auto const& r : tent.referrals().all()) {
    if (r.withdrawn) continue;
    rows.push_back(referral_row(r));
    // The record of, and the runner's answer on, the session that ended in this referral.
    if (r.from != Referral::From::table) continue;
    if (auto const it = referred.find({r.bib, r.checked_in_at}); it != referred.end()) {
      if (auto const& record = it->second->record) rows.back().record = &*record;
      if (auto const& feedback = it->second->feedback) rows.back().feedback = &*feedback;
    }
  }
  // Oldest visit first; at the same moment a referral comes before the visit that followed it.
  std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) {
    return a.checked_in_at != b.checked_in_at ? a.checked_in_at < b.checked_in_at : a.referral && !b.referral;
  });
  auto ms = [&](Millis t) { return t == 0 ? std::string{} : iso_local(t, offset_of(t)); };
  for (auto const& v : rows) {
    auto const* r = tent.roster_entry(v.bib);
    auto const* table = v.table ? tent.table(*v.table) : nullptr;
    bool const started = v.started_at != 0;
    // The category the visit had, or the roster's when the roster came after the check-in.
    auto const& category = v.category.empty() && r ? r->category : v.category;
    out += lead + csv_field(v.bib) + "," + csv_field(r ? r->first_name : "") + "," + csv_field(r ? r->last_name : "") +
           "," + csv_field(category) + "," + v.status + "," + ms(v.checked_in_at) + "," + ms(v.called_at) + "," +
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
    if (auto const* rec = v.record) {
      out += "," + joined(rec->areas) + "," + protocol::to_string(rec->outcome) + "," + csv_field(rec->note) + "," +
             csv_field(rec->therapist);
    } else {
      out += ",,,,";
    }
    if (auto const* f = v.feedback) {
      out +=
          "," + std::to_string(f->legs) + "," + (f->come_back ? (*f->come_back ? "yes" : "no") : "") + "," + ms(f->at);
    } else {
      out += ",,,";
    }
    out += "\r\n";
  }
}

}  // namespace

std::string sessions_csv(Tent const& tent, UtcOffset const& offset_of) {
  std::string out(header);
  append_rows(out, tent, offset_of, {});
  return out;
}

std::string event_csv(Tents const& tents, UtcOffset const& offset_of) {
  std::string out = "tent," + std::string(header);
  for (auto const& [id, entry] : tents.all())
    append_rows(out, entry.tent, offset_of, csv_field(entry.tent.settings().tent_name) + ",");
  return out;
}

std::string hours_csv(Tent const& tent, UtcOffset const& offset_of, Millis now) {
  std::string out = "therapist,table,table_name,shift_start,shift_end,shift_minutes,sessions,session_minutes\r\n";
  // Minutes to the nearest tenth.
  auto minutes = [](Millis ms) {
    auto const tenths = (ms + 3000) / 6000;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
  };
  // One therapist under one name however it was typed on each table, as GET /api/hours: the first spelling.
  std::map<std::string, std::string> spelling;
  for (auto const& shift : tent.history().shifts) spelling.try_emplace(therapist_key(shift.therapist), shift.therapist);
  for (auto const& shift : tent.history().shifts) {
    auto const* table = tent.table(shift.table);
    out += csv_field(spelling.at(therapist_key(shift.therapist))) + "," + std::to_string(shift.table) + "," +
           csv_field(table ? table->name : "") + "," + iso_local(shift.from, offset_of(shift.from)) + "," +
           (shift.to != 0 ? iso_local(shift.to, offset_of(shift.to)) : "") + "," +
           minutes((shift.to != 0 ? shift.to : now) - shift.from) + "," + std::to_string(shift.sessions) + "," +
           minutes(shift.busy_ms) + "\r\n";
  }
  return out;
}

}  // namespace tent::app
