#pragma once
// JSON form of events, settings and roster entries: what the store keeps and replays, and what
// subscribers are sent. Each event is an object with "type" (the snake_case of its struct name,
// e.g. ev::NoShowed -> "no_showed") and the struct's fields under the same names.
// to_json/from_json sit in the types' own namespaces so nlohmann/json finds them by ADL.
// from_json is strict (at(), so a missing field throws): its input is the server's own store,
// where a missing or mistyped field means a corrupt row, not a user's mistake.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "core/types.hpp"

namespace tent::ev {

void to_json(nlohmann::json& j, CheckedIn const& e);
void from_json(nlohmann::json const& j, CheckedIn& e);
void to_json(nlohmann::json& j, Referred const& e);
void from_json(nlohmann::json const& j, Referred& e);
void to_json(nlohmann::json& j, WalkedOut const& e);
void from_json(nlohmann::json const& j, WalkedOut& e);
void to_json(nlohmann::json& j, Removed const& e);
void from_json(nlohmann::json const& j, Removed& e);
void to_json(nlohmann::json& j, PrioritySet const& e);
void from_json(nlohmann::json const& j, PrioritySet& e);
void to_json(nlohmann::json& j, Moved const& e);
void from_json(nlohmann::json const& j, Moved& e);
void to_json(nlohmann::json& j, TableCreated const& e);
void from_json(nlohmann::json const& j, TableCreated& e);
void to_json(nlohmann::json& j, TableRenamed const& e);
void from_json(nlohmann::json const& j, TableRenamed& e);
void to_json(nlohmann::json& j, TherapistSet const& e);
void from_json(nlohmann::json const& j, TherapistSet& e);
void to_json(nlohmann::json& j, TableOpened const& e);
void from_json(nlohmann::json const& j, TableOpened& e);
void to_json(nlohmann::json& j, TableClosed const& e);
void from_json(nlohmann::json const& j, TableClosed& e);
void to_json(nlohmann::json& j, BreakStarted const& e);
void from_json(nlohmann::json const& j, BreakStarted& e);
void to_json(nlohmann::json& j, BreakEnded const& e);
void from_json(nlohmann::json const& j, BreakEnded& e);
void to_json(nlohmann::json& j, ChangeoverEnded const& e);
void from_json(nlohmann::json const& j, ChangeoverEnded& e);
void to_json(nlohmann::json& j, Called const& e);
void from_json(nlohmann::json const& j, Called& e);
void to_json(nlohmann::json& j, Recalled const& e);
void from_json(nlohmann::json const& j, Recalled& e);
void to_json(nlohmann::json& j, Arrived const& e);
void from_json(nlohmann::json const& j, Arrived& e);
void to_json(nlohmann::json& j, Finished const& e);
void from_json(nlohmann::json const& j, Finished& e);
void to_json(nlohmann::json& j, NoShowed const& e);
void from_json(nlohmann::json const& j, NoShowed& e);
void to_json(nlohmann::json& j, Undone const& e);
void from_json(nlohmann::json const& j, Undone& e);
void to_json(nlohmann::json& j, SettingsChanged const& e);
void from_json(nlohmann::json const& j, SettingsChanged& e);
void to_json(nlohmann::json& j, RosterLoaded const& e);
void from_json(nlohmann::json const& j, RosterLoaded& e);
void to_json(nlohmann::json& j, Announced const& e);
void from_json(nlohmann::json const& j, Announced& e);
void to_json(nlohmann::json& j, ReferralAcknowledged const& e);
void from_json(nlohmann::json const& j, ReferralAcknowledged& e);
void to_json(nlohmann::json& j, ReferralCleared const& e);
void from_json(nlohmann::json const& j, ReferralCleared& e);

// tent::Event is a std::variant of the types above, so ADL looks for its conversions here (in
// the namespaces of the variant's alternatives), not in tent.
// {"type": ..., fields...}; from_json throws on an unknown type.
void to_json(nlohmann::json& j, Event const& e);
void from_json(nlohmann::json const& j, Event& e);

}  // namespace tent::ev

namespace tent {

// Every field; closing_at is null when absent.
void to_json(nlohmann::json& j, Settings const& s);
void from_json(nlohmann::json const& j, Settings& s);
void to_json(nlohmann::json& j, RosterEntry const& r);
void from_json(nlohmann::json const& j, RosterEntry& r);
// {"at": ms, "events": [...]}
void to_json(nlohmann::json& j, Batch const& b);
void from_json(nlohmann::json const& j, Batch& b);

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
// name, settings or roster.
nlohmann::json public_event(Event const& e);

// The event as staff frames carry it: whole, except roster_loaded -> {"type","count"} (the
// roster itself is sent on request, not to every volunteer's phone with each load).
nlohmann::json staff_event(Event const& e);

}  // namespace tent::protocol
