#pragma once
// Plain value types of the tent domain. No I/O, no Boost, no JSON: the adapters translate.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tent {

// Milliseconds since the Unix epoch on the server's clock. The core never reads a clock:
// every command and event carries the `now` it happened at.
using Millis = std::int64_t;
using TableId = std::int32_t;
// A normalised bib: 1 to max_bib_length (core/limits.hpp) digits and upper-case letters (see normalise_bib).
using Bib = std::string;

constexpr Millis seconds(std::int64_t s) { return s * 1000; }

// Where a runner wants the therapist's attention. Enums read from untrusted input keep an
// explicit invalid value first, so a failed parse can never pass as a real value.
enum class Area { invalid, calves, hamstrings, quads, glutes_hips, it_band, feet, lower_back, shoulders };

// Triage questions; a "yes" to any of them sends the runner to the medical tent instead of a table.
enum class RedFlag {
  invalid,
  chest_or_breathing,  // chest pain or trouble breathing
  dizzy_or_confused,   // dizziness, fainting, confusion
  suspected_injury,    // sharp or localised pain, swelling, can't bear weight
  severe_cramping,     // severe or persistent cramping
  open_wound,          // open wounds or bad blisters on the area
  too_hot_or_cold,     // feeling very hot, or very cold and shivering
};

enum class TableState { invalid, closed, free, called, in_session, changeover, on_break };

// Where a runner's latest visit stands.
enum class TicketStatus {
  invalid,
  waiting,     // in the queue
  called,      // called to a table, walking over
  in_session,  // on the table
  done,        // served
  referred,    // sent to the medical tent, at triage or from a table
  walked_out,  // left the queue themselves (kiosk)
  removed,     // taken out of the queue by a volunteer
  no_show,     // called, never arrived, dropped by the no-show policy
};

enum class NoShowPolicy { invalid, requeue_once, drop };

// How a session on a table ended: served, or the runner was sent to the medical tent.
enum class Outcome { invalid, served, medical };

// What the therapist records about a session once it is over (cmd::RecordSession).
enum class SessionOutcome { invalid, fine, cramp_eased, stopped_early, sent_to_medical };

// Expected refusals are values, not exceptions. Each maps to one stable wire code in protocol/.
enum class Error {
  none,
  invalid_bib,       // not 1..max_bib_length letters or digits
  invalid_name,      // empty or too long table / therapist / tent name
  invalid_setting,   // a setting out of its range (core/limits.hpp)
  invalid_roster,    // roster row rejected (bad bib, duplicate bib)
  already_queued,    // bib already waiting, called or on a table (409 with the ticket)
  already_served,    // bib served today and repeats are off
  not_on_roster,     // roster required and the bib is unknown
  category_refused,  // the bib's race category is refused by the event settings
  line_closed,       // closing time: the projected serve time is past it
  unknown_bib,       // no such runner
  not_waiting,       // the runner is not in the queue
  unknown_table,
  table_busy,         // the action needs a free table (or one not serving a runner)
  wrong_table_state,  // the action does not apply to the table's current state
  call_not_overdue,   // no-show before the call timeout has passed
  queue_empty,
  bad_position,  // move target outside 1..n
  nothing_to_undo,
  undo_expired,  // the last action is older than the undo window
  undo_unsafe,   // the world moved on since (e.g. the next runner already arrived)
  too_many_tables,
  referred,             // the bib has an open medical referral: a volunteer must clear it first
  not_referred,         // clear/acknowledge a referral the bib does not have
  stale,                // the table or queued runner changed since the client saw it (409 with the current one)
  request_id_conflict,  // a check-in request id already used for another bib (409)
  text_too_long,        // an announcement (or medical directions) over max_text_length
  invalid_language,     // an announcement text for a language code that is not one, or too many of them
  waiting_elsewhere,    // a check-in of a bib waiting, called or on a table at another tent (409)
  invalid_tent_id,      // not 1..32 of a-z, 0-9 and '-' (core/tents.hpp)
  tent_exists,          // a tent with that id already exists (409)
  too_many_tents,
  not_served,        // a session record for a bib that has had no finished session (served or sent from a table)
  invalid_record,    // a session record with a bad or repeated area, a bad outcome, or a control character in its note
  invalid_feedback,  // legs not 1..5
  wrong_key,         // feedback without the visit's status key
  feedback_closed,   // feedback changed more than feedback_window after the first answer
  therapist_busy,    // signing a therapist out of a table (or in at another) with a runner on it or called to it
};

// Event settings an organiser can change during the day. Defaults suit a typical finish tent.
struct Settings {
  std::string tent_name = "Massage tent";
  // Ranges of the three durations: setting_ranges in core/limits.hpp.
  std::int32_t session_target_s = 600;  // 10 minutes of table time
  std::int32_t call_timeout_s = 180;    // a called runner is overdue after this
  std::int32_t changeover_s = 60;       // couch wipe after a session; 0 skips changeover
  bool auto_assign = true;              // a free table calls the head of the queue at once
  NoShowPolicy no_show_policy = NoShowPolicy::requeue_once;
  bool allow_repeats = false;                   // a bib served today may check in again
  bool roster_required = false;                 // unknown bibs are refused when a roster is loaded
  std::string priority_category;                // roster category that goes ahead ("" = none)
  std::vector<std::string> refused_categories;  // roster categories not served here
  std::optional<Millis> closing_at;             // the kiosk stops queueing when service would end later
  std::string medical_directions;               // where the medical tent is, shown after a red-flag answer

  bool operator==(Settings const&) const = default;
};

struct RosterEntry {
  Bib bib;
  std::string first_name;
  std::string last_name;
  std::string category;  // race or category column ("marathon", "5k"); may be empty

  bool operator==(RosterEntry const&) const = default;
};

// Trims spaces and upper-cases; returns nullopt unless the result is 1..max_bib_length letters or digits.
std::optional<Bib> normalise_bib(std::string_view raw);

}  // namespace tent
