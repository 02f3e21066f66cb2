#pragma once
// The organiser's export (GET /api/export/sessions.csv): one line per runner's latest visit, and
// one per medical referral (a later visit never hides one). Columns: docs/protocol.md, Export.

#include "app/local_time.hpp"
#include "core/tent.hpp"
#include "core/tents.hpp"

#include <string>

namespace tent::app {

// Times are local ISO 8601 at the offset `offset_of` gives for each instant. Text fields are
// quoted as CSV needs, and one that starts like a formula is prefixed with ' (a spreadsheet
// never runs a runner's name).
std::string sessions_csv(Tent const& tent, UtcOffset const& offset_of);
// Every tent's rows in one file (GET /api/export/event.csv), each begun with a `tent` column: the
// tent's name. The first tent's rows first.
std::string event_csv(Tents const& tents, UtcOffset const& offset_of);
// Therapists' hours (GET /api/export/hours.csv): one line per shift, in the order they began:
// therapist, table, table_name, shift_start, shift_end (empty while it goes on), shift_minutes (up
// to `now` for one going on), sessions, session_minutes.
std::string hours_csv(Tent const& tent, UtcOffset const& offset_of, Millis now);

}  // namespace tent::app
