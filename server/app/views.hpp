#pragma once
// JSON views of the tent for clients. Two audiences: the public (display screens, runners'
// phones: bibs, tables, positions; never a person's name or medical answers) and staff
// (volunteers and organisers: therapists, runners' names from the roster, categories, areas).

#include "core/estimate.hpp"
#include "core/stats.hpp"
#include "core/tent.hpp"
#include "core/tents.hpp"
#include "protocol/roster_csv.hpp"

#include <nlohmann/json.hpp>

namespace tent::app {

enum class Audience { public_, staff };

// A table. Staff also get the therapist, the undo time and, while a runner is on it, the runner's
// focus areas from check-in and their latest referral if they were ever sent to medical
// (`referral`: {from, at, cleared_by} or null).
// Staff also get `last_session` while the table's last action is a finish (undoable):
// {bib, areas (the runner's focus areas), outcome ("served"|"medical"), record (record_view) or null}.
nlohmann::json table_view(Tent const& tent, Table const& t, Audience audience);
// A session record, staff only: {areas, outcome, note, therapist, at}.
nlohmann::json record_view(SessionRecord const& r);
// A runner's answer, for the runner's own page (the feedback op's reply) and the organiser:
// {legs, come_back (true, false or null), first_at, at, until (the last moment it may change)}.
nlohmann::json feedback_view(Feedback const& f);
nlohmann::json queue_entry_view(Tent const& tent, Bib const& bib, Audience audience);
nlohmann::json eta_view(Eta const& eta);
nlohmann::json settings_view(Settings const& s, Audience audience);
// The core's limits (core/limits.hpp) for the pages, the same for both audiences:
// {"bib_max_length","name_max_length","text_max_length","max_tables","refused_categories_max",
//  "undo_window_s","settings":{"<field>":{"min","max"}}} (docs/protocol.md, Limits).
nlohmann::json const& limits_view();
// A runner's ticket: status, position and estimated wait, the table when called; once done,
// `areas_worked` (both audiences). Staff also get `record` (record_view or null).
nlohmann::json ticket_view(Tent const& tent, Ticket const& ticket, Eta const& eta, Audience audience);
// The whole state a client starts from, with the limits; `seq` is the last batch it reflects.
nlohmann::json snapshot_view(Tent const& tent, std::int64_t seq, Millis now, Audience audience);
// Staff only: open referrals no volunteer has acknowledged yet, oldest first:
// [{bib, name?, category, from: "kiosk"|"table", at, red_flags, table, table_name?}].
nlohmann::json open_referrals_view(Tent const& tent);
// Whether a batch may have changed the open referrals (staff frames then carry them again).
bool touches_referrals(Batch const& batch);
// Every medical referral of the event (not undone ones), oldest first, for the report: as in
// open_referrals_view, plus acknowledged_at and cleared_at (null until then).
nlohmann::json referral_list_view(Tent const& tent);
// GET /api/stats: the figures, and the referral list.
nlohmann::json stats_view(Stats const& stats, Tent const& tent);
// GET /api/hours: each therapist's shifts, time on shift, sessions and time in session (a shift
// going on counts up to `now`), by name (capitals aside, as the one-table rule compares them): {"tent",
// "therapists":[{"name", "on_shift_s", "sessions", "in_session_s", "utilisation", "shifts":[{"table", "table_name",
// "from", "to", "sessions", "in_session_s"}]}]}; times in ms, `to` null while the shift goes on.
nlohmann::json hours_view(Tent const& tent, Millis now);
// {id, name, path}: a tent of the event and where its pages are ("/" or "/t/ID/").
nlohmann::json tent_ref(TentId const& id, Tent const& tent);
// tent_ref with the tent's figures now: waiting, tables open and in all, in session, served, p90 wait.
nlohmann::json tent_summary(TentId const& id, Tent const& tent, Millis now);
// The rows of a roster CSV that could not be used: [{"line", "reason"}] (the web upload and import-roster).
nlohmann::json roster_rejections(protocol::RosterParse const& parsed);

}  // namespace tent::app
