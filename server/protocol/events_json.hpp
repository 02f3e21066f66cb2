#pragma once
// JSON form of events, settings and roster entries: what the store keeps and replays, and what
// subscribers are sent. Each event is an object with "type" (the snake_case of its struct name,
// e.g. ev::NoShowed -> "no_showed") and the struct's fields under the same names.
// to_json/from_json sit in the types' own namespaces so nlohmann/json finds them by ADL.
// from_json is strict (at(), so a missing field throws): its input is the server's own store,
// where a missing or mistyped field means a corrupt row, not a user's mistake.

#include "core/events.hpp"
#include "core/types.hpp"
#include "protocol/names.hpp"  // the enums' wire names, which the inline conversions below use

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tent {

// Every field; closing_at is null when absent. Hand-written: medical_directions may be missing
// (rows from before it existed) and closing_at is an optional.
void to_json(nlohmann::json& j, Settings const& s);
void from_json(nlohmann::json const& j, Settings& s);

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RosterEntry, bib, first_name, last_name, category)

}  // namespace tent

namespace tent::ev {

// Events whose fields are all required: nlohmann's macro writes each field under its own name and
// reads each with at(), so a missing field or one of the wrong JSON kind throws and an unknown one
// is ignored (events_json_test pins exactly that).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Referred, bib, red_flags, request_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(WalkedOut, bib)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Removed, bib)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PrioritySet, bib, on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Moved, bib, position)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableCreated, table, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableRenamed, table, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TherapistSet, table, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableOpened, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableClosed, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BreakStarted, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BreakEnded, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ChangeoverEnded, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Called, table, bib)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Recalled, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Arrived, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NoShowed, table, requeued)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Undone, table)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SettingsChanged, settings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RosterLoaded, entries)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReferralAcknowledged, bib, by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReferralCleared, bib, by)

// Hand-written: a field added after schema 1's first rows may be missing (was_referred -> false,
// key -> none, outcome -> served), and an outcome naming no Outcome is refused. A check-in's key
// is written only when there is one.
void to_json(nlohmann::json& j, CheckedIn const& e);
void from_json(nlohmann::json const& j, CheckedIn& e);
void to_json(nlohmann::json& j, Finished const& e);
void from_json(nlohmann::json const& j, Finished& e);
// translations only when there are some; a row without them (written before they existed) loads.
void to_json(nlohmann::json& j, Announced const& e);
void from_json(nlohmann::json const& j, Announced& e);

// Hand-written: an outcome naming no SessionOutcome is refused.
void to_json(nlohmann::json& j, SessionRecorded const& e);
void from_json(nlohmann::json const& j, SessionRecorded& e);
// Hand-written: come_back is null when the runner did not say; legs outside 1..5 is refused.
void to_json(nlohmann::json& j, FeedbackGiven const& e);
void from_json(nlohmann::json const& j, FeedbackGiven& e);

// tent::Event is a std::variant of the types above, so ADL looks for its conversions here (in
// the namespaces of the variant's alternatives), not in tent.
// {"type": ..., fields...}; from_json throws on an unknown type.
void to_json(nlohmann::json& j, Event const& e);
void from_json(nlohmann::json const& j, Event& e);

}  // namespace tent::ev

namespace tent {

// {"at": ms, "events": [...]}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Batch, at, events)

}  // namespace tent

namespace tent::protocol {

// The wire "type" of an event ("checked_in", ...).
std::string_view event_type(Event const& e);

// A JSON array text: what the store keeps for one batch.
std::string encode_events(std::vector<Event> const& events);

// The inverse of encode_events. Throws std::runtime_error when the text is not such an array:
// a corrupt store row is a real fault, not user input.
std::vector<Event> decode_events(std::string_view text);

// The event as the public display audience may see it: only what a public ticket or table view
// shows too (bib, table, table name, position, announcement text), nothing else: no areas,
// category, priority, quoted wait, request id, red flags, outcome, was_referred, `by`, therapist
// name, settings or roster. A session_recorded or feedback_given event is not shown at all (frames
// leave them out).
nlohmann::json public_event(Event const& e);

// The event as staff frames carry it: whole, except roster_loaded -> {"type","count"} (the
// roster itself is sent on request, not to every volunteer's phone with each load) and a check-in
// without its status key. A feedback_given event is for organisers alone: frames leave it out.
nlohmann::json staff_event(Event const& e);

}  // namespace tent::protocol
