#include "protocol/errors.hpp"

#include "core/limits.hpp"
#include "core/tents.hpp"
#include "protocol/names.hpp"

namespace tent::protocol {

namespace {

constexpr int bad_request = 400;
constexpr int forbidden = 403;
constexpr int not_found = 404;
constexpr int conflict = 409;
constexpr int unprocessable = 422;
constexpr int unavailable = 503;

struct Entry {
  int status;
  std::string message;
};

Entry entry(Error error) {
  switch (error) {
    case Error::none:
      break;
    case Error::invalid_bib:
      return {unprocessable, "That bib number doesn't look right. A bib is 1 to " + std::to_string(max_bib_length) +
                                 " letters or digits."};
    case Error::invalid_name:
      return {unprocessable, "Names must be 1 to " + std::to_string(max_name_length) + " characters long."};
    case Error::invalid_setting:
      return {unprocessable, "That setting is outside its allowed range."};
    case Error::invalid_roster:
      return {unprocessable, "The roster has a row that can't be used."};
    case Error::already_queued:
      return {conflict, "This bib is already in the queue. Keep an eye on the screen for your number."};
    case Error::already_served:
      return {conflict, "This bib has already had a massage today."};
    case Error::not_on_roster:
      return {unprocessable, "We can't find this bib on today's entry list. Please ask a volunteer."};
    case Error::category_refused:
      return {unprocessable, "Sorry, the massage tent isn't serving this race today. Please ask a volunteer."};
    case Error::line_closed:
      return {unprocessable, "Sorry, the queue is closed: we couldn't reach you before the tent closes today."};
    case Error::unknown_bib:
      return {not_found, "We can't find this bib. Please check the number or ask a volunteer."};
    case Error::not_waiting:
      return {conflict, "This bib isn't waiting in the queue."};
    case Error::unknown_table:
      return {not_found, "There is no table with that number."};
    case Error::table_busy:
      return {conflict, "That table is busy with a runner."};
    case Error::wrong_table_state:
      return {conflict, "That table can't do this right now. Check whether it is open, free or on a break."};
    case Error::call_not_overdue:
      return {conflict,
              "The runner was called only a moment ago. Give them time to walk over before marking a no-show."};
    case Error::queue_empty:
      return {conflict, "Nobody is waiting in the queue."};
    case Error::bad_position:
      return {unprocessable, "That place is outside the queue."};
    case Error::nothing_to_undo:
      return {conflict, "There is nothing to undo on this table."};
    case Error::undo_expired:
      return {conflict, "Too late to undo: the last action on this table was over " +
                            std::to_string(undo_window / 60'000) + " minutes ago."};
    case Error::undo_unsafe:
      return {conflict, "Can't undo: things have moved on since (another runner is already involved)."};
    case Error::too_many_tables:
      return {unprocessable, "The tent already has " + std::to_string(max_tables) + " tables, the most it can have."};
    case Error::referred:
      return {conflict,
              "Please see a volunteer: this bib was sent to the medical tent, and a volunteer needs to check "
              "with you before you can join the queue."};
    case Error::not_referred:
      return {conflict, "This bib has no open medical referral."};
    case Error::stale:
      return {conflict, "Not done: someone else got there first. The screen now shows what changed."};
    case Error::request_id_conflict:
      return {conflict, "This check-in reused the request id of another bib's check-in. Please try again."};
    case Error::text_too_long:
      return {unprocessable, "Texts (announcements, directions, session notes) can be at most " +
                                 std::to_string(max_text_length) + " characters long."};
    case Error::invalid_language:
      return {unprocessable, "An announcement can have one text per language, for at most " +
                                 std::to_string(max_announcement_languages) +
                                 " languages, each named by a code of 2 or 3 lowercase letters (such as de or es)."};
    case Error::waiting_elsewhere:
      return {conflict, "This bib is already in the line at another tent."};
    case Error::invalid_tent_id:
      return {unprocessable, "A tent id is 1 to " + std::to_string(max_tent_id_length) +
                                 " lowercase letters, digits and dashes, starting with a letter or digit."};
    case Error::tent_exists:
      return {conflict, "There is already a tent with this id."};
    case Error::too_many_tents:
      return {unprocessable, "An event can have at most " + std::to_string(max_tents) + " tents."};
    case Error::not_served:
      return {conflict, "This runner has no finished session yet: the session must end on the table first."};
    case Error::invalid_record:
      return {unprocessable,
              "That record can't be saved: pick each area once and one outcome (sent to medical when the runner was "
              "sent from the table), and keep the note to one line."};
    case Error::invalid_feedback:
      return {unprocessable, "Pick one of the five faces (1 to " + std::to_string(feedback_scale) +
                                 "), and yes or no for coming back."};
    case Error::wrong_key:
      return {forbidden, "Only the runner's own page can answer for them: open it from the code the kiosk showed."};
    case Error::feedback_closed:
      return {conflict, "This answer is final now: an answer can be changed for an hour after it was first given."};
    case Error::therapist_busy:
      return {conflict,
              "The therapist has a runner on their table or on the way to it. Sign them out or move them once that "
              "session has ended (or the runner is marked a no-show)."};
  }
  return {500, "Something went wrong on the server."};
}

// Printable ASCII only, at most `limit` characters: safe in any message and any JSON dump.
std::string echo(std::string_view text, std::size_t limit = 40) {
  std::string out;
  for (char c : text) {
    if (out.size() == limit) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7F) out.push_back(c);
  }
  return out;
}

}  // namespace

WireError wire_error(Error error) {
  Entry e = entry(error);
  std::string code = error == Error::none ? std::string("internal_error") : to_string(error);
  return {e.status, std::move(code), std::move(e.message)};
}

WireError wire_error(Error error, std::string_view detail) {
  WireError w = wire_error(error);
  if (!detail.empty()) w.message += " (" + echo(detail, 120) + ")";
  return w;
}

WireError bad_json(std::string_view detail) {
  std::string message = "The request is not a JSON object the server understands.";
  if (!detail.empty()) message += " (" + echo(detail, 120) + ")";
  return {bad_request, "bad_json", std::move(message)};
}

WireError unknown_op(std::string_view op) {
  return {bad_request, "unknown_op", "Unknown operation '" + echo(op) + "'."};
}

WireError missing_field(std::string_view field) {
  return {unprocessable, "missing_field", "The field '" + echo(field) + "' is required."};
}

WireError invalid_field(std::string_view field, std::string_view expected) {
  return {unprocessable, "invalid_field", "The field '" + echo(field) + "' must be " + std::string(expected) + "."};
}

WireError unknown_tent(std::string_view id) {
  return {404, "unknown_tent", "There is no tent \"" + echo(id) + "\" at this event."};
}

WireError waiting_elsewhere(std::string_view bib, std::string_view tent_name) {
  return {409, "waiting_elsewhere",
          "Bib " + std::string(bib) + " is already in the line at " + std::string(tent_name) + "."};
}

WireError storage_unavailable() {
  return {unavailable, "storage_unavailable",
          "Nothing was saved: the server can't find its database file any more. Please tell the tent lead."};
}

WireError storage_full() {
  return {unavailable, "storage_full",
          "Nothing was saved: the tent laptop's disk is full. Please tell the tent lead to free some space, "
          "then try again."};
}

std::optional<nlohmann::json> parse_body(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace tent::protocol
