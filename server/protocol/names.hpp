#pragma once
// Wire names of the domain enums. Each NLOHMANN_JSON_SERIALIZE_ENUM table below is the single
// source of truth for one enum: to_json/from_json (found by ADL, hence namespace tent) and the
// to_string/parse functions all go through it. The invalid value comes first, so any string not
// in the table (or a non-string) parses as invalid and can never pass as a real value.
// Error has no invalid value: its first entry, none ("none"), plays that part.

#include "core/types.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace tent {

NLOHMANN_JSON_SERIALIZE_ENUM(Area, {
                                       {Area::invalid, "invalid"},
                                       {Area::calves, "calves"},
                                       {Area::hamstrings, "hamstrings"},
                                       {Area::quads, "quads"},
                                       {Area::glutes_hips, "glutes_hips"},
                                       {Area::it_band, "it_band"},
                                       {Area::feet, "feet"},
                                       {Area::lower_back, "lower_back"},
                                       {Area::shoulders, "shoulders"},
                                   })

NLOHMANN_JSON_SERIALIZE_ENUM(RedFlag, {
                                          {RedFlag::invalid, "invalid"},
                                          {RedFlag::chest_or_breathing, "chest_or_breathing"},
                                          {RedFlag::dizzy_or_confused, "dizzy_or_confused"},
                                          {RedFlag::suspected_injury, "suspected_injury"},
                                          {RedFlag::severe_cramping, "severe_cramping"},
                                          {RedFlag::open_wound, "open_wound"},
                                          {RedFlag::too_hot_or_cold, "too_hot_or_cold"},
                                      })

NLOHMANN_JSON_SERIALIZE_ENUM(TableState, {
                                             {TableState::invalid, "invalid"},
                                             {TableState::closed, "closed"},
                                             {TableState::free, "free"},
                                             {TableState::called, "called"},
                                             {TableState::in_session, "in_session"},
                                             {TableState::changeover, "changeover"},
                                             {TableState::on_break, "break"},
                                         })

NLOHMANN_JSON_SERIALIZE_ENUM(TicketStatus, {
                                               {TicketStatus::invalid, "invalid"},
                                               {TicketStatus::waiting, "waiting"},
                                               {TicketStatus::called, "called"},
                                               {TicketStatus::in_session, "in_session"},
                                               {TicketStatus::done, "done"},
                                               {TicketStatus::referred, "referred"},
                                               {TicketStatus::walked_out, "walked_out"},
                                               {TicketStatus::removed, "removed"},
                                               {TicketStatus::no_show, "no_show"},
                                           })

NLOHMANN_JSON_SERIALIZE_ENUM(NoShowPolicy, {
                                               {NoShowPolicy::invalid, "invalid"},
                                               {NoShowPolicy::requeue_once, "requeue_once"},
                                               {NoShowPolicy::drop, "drop"},
                                           })

NLOHMANN_JSON_SERIALIZE_ENUM(Outcome, {
                                          {Outcome::invalid, "invalid"},
                                          {Outcome::served, "served"},
                                          {Outcome::medical, "medical"},
                                      })

NLOHMANN_JSON_SERIALIZE_ENUM(SessionOutcome, {
                                                 {SessionOutcome::invalid, "invalid"},
                                                 {SessionOutcome::fine, "fine"},
                                                 {SessionOutcome::cramp_eased, "cramp_eased"},
                                                 {SessionOutcome::stopped_early, "stopped_early"},
                                                 {SessionOutcome::sent_to_medical, "sent_to_medical"},
                                             })

NLOHMANN_JSON_SERIALIZE_ENUM(Error, {
                                        {Error::none, "none"},
                                        {Error::invalid_bib, "invalid_bib"},
                                        {Error::invalid_name, "invalid_name"},
                                        {Error::invalid_setting, "invalid_setting"},
                                        {Error::invalid_roster, "invalid_roster"},
                                        {Error::already_queued, "already_queued"},
                                        {Error::already_served, "already_served"},
                                        {Error::not_on_roster, "not_on_roster"},
                                        {Error::category_refused, "category_refused"},
                                        {Error::line_closed, "line_closed"},
                                        {Error::unknown_bib, "unknown_bib"},
                                        {Error::not_waiting, "not_waiting"},
                                        {Error::unknown_table, "unknown_table"},
                                        {Error::table_busy, "table_busy"},
                                        {Error::wrong_table_state, "wrong_table_state"},
                                        {Error::call_not_overdue, "call_not_overdue"},
                                        {Error::queue_empty, "queue_empty"},
                                        {Error::bad_position, "bad_position"},
                                        {Error::nothing_to_undo, "nothing_to_undo"},
                                        {Error::undo_expired, "undo_expired"},
                                        {Error::undo_unsafe, "undo_unsafe"},
                                        {Error::too_many_tables, "too_many_tables"},
                                        {Error::referred, "referred"},
                                        {Error::not_referred, "not_referred"},
                                        {Error::stale, "stale"},
                                        {Error::request_id_conflict, "request_id_conflict"},
                                        {Error::text_too_long, "text_too_long"},
                                        {Error::invalid_language, "invalid_language"},
                                        {Error::waiting_elsewhere, "waiting_elsewhere"},
                                        {Error::invalid_tent_id, "invalid_tent_id"},
                                        {Error::tent_exists, "tent_exists"},
                                        {Error::too_many_tents, "too_many_tents"},
                                        {Error::not_served, "not_served"},
                                        {Error::invalid_record, "invalid_record"},
                                        {Error::invalid_feedback, "invalid_feedback"},
                                        {Error::wrong_key, "wrong_key"},
                                        {Error::feedback_closed, "feedback_closed"},
                                        {Error::therapist_busy, "therapist_busy"},
                                    })

}  // namespace tent

namespace tent::protocol {

std::string to_string(Area value);
std::string to_string(RedFlag value);
std::string to_string(TableState value);
std::string to_string(TicketStatus value);
std::string to_string(NoShowPolicy value);
std::string to_string(Outcome value);
std::string to_string(SessionOutcome value);
std::string to_string(Error value);

// Parses a wire name; anything unknown gives the enum's invalid value (Error::none for Error).
template <typename Enum>
Enum parse(std::string_view text);

extern template Area parse<Area>(std::string_view);
extern template RedFlag parse<RedFlag>(std::string_view);
extern template TableState parse<TableState>(std::string_view);
extern template TicketStatus parse<TicketStatus>(std::string_view);
extern template NoShowPolicy parse<NoShowPolicy>(std::string_view);
extern template Outcome parse<Outcome>(std::string_view);
extern template SessionOutcome parse<SessionOutcome>(std::string_view);
extern template Error parse<Error>(std::string_view);

}  // namespace tent::protocol
