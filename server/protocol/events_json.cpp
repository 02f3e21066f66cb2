#include "protocol/events_json.hpp"

#include "core/limits.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace tent::ev {

void to_json(nlohmann::json& j, CheckedIn const& e) {
  j = {{"bib", e.bib},
       {"areas", e.areas},
       {"request_id", e.request_id},
       {"category", e.category},
       {"priority", e.priority},
       {"quoted_wait_s", e.quoted_wait_s},
       {"by_volunteer", e.by_volunteer},
       {"was_referred", e.was_referred}};
  if (!e.key.empty()) j["key"] = e.key;
}
void from_json(nlohmann::json const& j, CheckedIn& e) {
  j.at("bib").get_to(e.bib);
  j.at("areas").get_to(e.areas);
  j.at("request_id").get_to(e.request_id);
  j.at("category").get_to(e.category);
  j.at("priority").get_to(e.priority);
  j.at("quoted_wait_s").get_to(e.quoted_wait_s);
  j.at("by_volunteer").get_to(e.by_volunteer);
  e.was_referred = j.value("was_referred", false);  // added after schema 1's first rows
  e.key = j.value("key", std::string{});            // added with runners' feedback
}

void to_json(nlohmann::json& j, Finished const& e) { j = {{"table", e.table}, {"outcome", e.outcome}}; }
void from_json(nlohmann::json const& j, Finished& e) {
  j.at("table").get_to(e.table);
  e.outcome = j.value("outcome", Outcome::served);  // added after schema 1's first rows
  if (e.outcome == Outcome::invalid) throw std::runtime_error("finished: unknown outcome");
}

void to_json(nlohmann::json& j, Announced const& e) {
  j = {{"text", e.text}};
  if (!e.translations.empty()) j["translations"] = e.translations;
}
void from_json(nlohmann::json const& j, Announced& e) {
  j.at("text").get_to(e.text);
  e.translations.clear();
  if (auto it = j.find("translations"); it != j.end()) it->get_to(e.translations);  // added after schema 1
}

void to_json(nlohmann::json& j, SessionRecorded const& e) {
  j = {{"bib", e.bib}, {"areas", e.areas}, {"outcome", e.outcome}, {"note", e.note}, {"therapist", e.therapist}};
}
void from_json(nlohmann::json const& j, SessionRecorded& e) {
  j.at("bib").get_to(e.bib);
  j.at("areas").get_to(e.areas);
  j.at("outcome").get_to(e.outcome);
  j.at("note").get_to(e.note);
  j.at("therapist").get_to(e.therapist);
  if (e.outcome == SessionOutcome::invalid) throw std::runtime_error("session_recorded: unknown outcome");
}

void to_json(nlohmann::json& j, FeedbackGiven const& e) {
  j = {{"bib", e.bib}, {"legs", e.legs}, {"come_back", nullptr}};
  if (e.come_back) j["come_back"] = *e.come_back;
}
void from_json(nlohmann::json const& j, FeedbackGiven& e) {
  j.at("bib").get_to(e.bib);
  j.at("legs").get_to(e.legs);
  auto const& come_back = j.at("come_back");
  e.come_back = come_back.is_null() ? std::nullopt : std::optional<bool>(come_back.get<bool>());
  if (e.legs < 1 || e.legs > feedback_scale) throw std::runtime_error("feedback_given: legs out of range");
}

namespace {

// Wire type names in the order of the Event variant's alternatives.
constexpr std::array<std::string_view, 27> event_types = {
    "checked_in",       "referred",         "walked_out",
    "removed",          "priority_set",     "moved",
    "table_created",    "table_renamed",    "therapist_set",
    "table_opened",     "table_closed",     "break_started",
    "break_ended",      "changeover_ended", "called",
    "recalled",         "arrived",          "finished",
    "no_showed",        "undone",           "settings_changed",
    "roster_loaded",    "announced",        "referral_acknowledged",
    "referral_cleared", "session_recorded", "feedback_given"};
static_assert(event_types.size() == std::variant_size_v<Event>, "one wire name per event type");

template <std::size_t... I>
Event event_from(std::size_t index, nlohmann::json const& j, std::index_sequence<I...>) {
  using Maker = Event (*)(nlohmann::json const&);
  static constexpr std::array<Maker, sizeof...(I)> makers = {[](nlohmann::json const& from) {
    return Event{std::in_place_index<I>, from.get<std::variant_alternative_t<I, Event>>()};
  }...};
  return makers[index](j);
}

}  // namespace

void to_json(nlohmann::json& j, Event const& e) {
  std::visit([&j](auto const& alternative) { j = alternative; }, e);
  j["type"] = protocol::event_type(e);
}

void from_json(nlohmann::json const& j, Event& e) {
  auto const& type = j.at("type").get_ref<std::string const&>();
  for (std::size_t i = 0; i < event_types.size(); ++i) {
    if (event_types[i] == type) {
      e = event_from(i, j, std::make_index_sequence<std::variant_size_v<Event>>{});
      return;
    }
  }
  throw std::runtime_error("unknown event type '" + type + "'");
}

}  // namespace tent::ev

namespace tent {

void to_json(nlohmann::json& j, Settings const& s) {
  j = {{"tent_name", s.tent_name},
       {"session_target_s", s.session_target_s},
       {"call_timeout_s", s.call_timeout_s},
       {"changeover_s", s.changeover_s},
       {"auto_assign", s.auto_assign},
       {"no_show_policy", s.no_show_policy},
       {"allow_repeats", s.allow_repeats},
       {"roster_required", s.roster_required},
       {"priority_category", s.priority_category},
       {"refused_categories", s.refused_categories},
       {"medical_directions", s.medical_directions},
       {"closing_at", nullptr}};
  if (s.closing_at) j["closing_at"] = *s.closing_at;
}

void from_json(nlohmann::json const& j, Settings& s) {
  j.at("tent_name").get_to(s.tent_name);
  j.at("session_target_s").get_to(s.session_target_s);
  j.at("call_timeout_s").get_to(s.call_timeout_s);
  j.at("changeover_s").get_to(s.changeover_s);
  j.at("auto_assign").get_to(s.auto_assign);
  j.at("no_show_policy").get_to(s.no_show_policy);
  j.at("allow_repeats").get_to(s.allow_repeats);
  j.at("roster_required").get_to(s.roster_required);
  j.at("priority_category").get_to(s.priority_category);
  j.at("refused_categories").get_to(s.refused_categories);
  s.medical_directions = j.value("medical_directions", std::string{});  // added after schema 1's first rows
  auto const& closing = j.at("closing_at");
  s.closing_at = closing.is_null() ? std::nullopt : std::optional<Millis>(closing.get<Millis>());
}

}  // namespace tent

namespace tent::protocol {

std::string_view event_type(Event const& e) { return ev::event_types[e.index()]; }

std::string encode_events(std::vector<Event> const& events) { return nlohmann::json(events).dump(); }

std::vector<Event> decode_events(std::string_view text) {
  try {
    auto const j = nlohmann::json::parse(text);
    if (!j.is_array()) throw std::runtime_error("not an array");
    return j.get<std::vector<Event>>();
  } catch (std::exception const& ex) {
    throw std::runtime_error(std::string("corrupt event row: ") + ex.what());
  }
}

nlohmann::json public_event(Event const& e) {
  // A whitelist: a field added to an event later stays staff-only until it is named here.
  static constexpr std::array<std::string_view, 5> shown = {"bib", "table", "position", "text", "translations"};
  nlohmann::json const whole = e;
  nlohmann::json j = {{"type", event_type(e)}};
  for (auto const& field : shown)
    if (auto it = whole.find(field); it != whole.end()) j[std::string(field)] = *it;
  // A table's name is on every public screen; a therapist's name is not.
  if (std::holds_alternative<ev::TableCreated>(e) || std::holds_alternative<ev::TableRenamed>(e))
    j["name"] = whole.at("name");
  return j;
}

nlohmann::json staff_event(Event const& e) {
  if (auto const* r = std::get_if<ev::RosterLoaded>(&e)) {
    return {{"type", event_type(e)}, {"count", r->entries.size()}};
  }
  nlohmann::json j = e;
  j.erase("key");  // a runner's status key is for their own page alone
  return j;
}

}  // namespace tent::protocol
