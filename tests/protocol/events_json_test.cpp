#include "protocol/events_json.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

using nlohmann::json;
using namespace tent;
using protocol::decode_events;
using protocol::encode_events;
using protocol::public_event;

namespace {

Settings odd_settings() {
  Settings s;
  s.tent_name = "Tent \"B\" — Zoë";
  s.session_target_s = 420;
  s.call_timeout_s = 95;
  s.changeover_s = 0;
  s.auto_assign = false;
  s.no_show_policy = NoShowPolicy::drop;
  s.allow_repeats = true;
  s.roster_required = true;
  s.priority_category = "Elite";
  s.refused_categories = {"5k", "kids"};
  s.closing_at = 1'714'000'000'000;
  return s;
}

// One of each event type, in the variant's order, every field away from its default.
std::vector<Event> one_of_each() {
  return {
      ev::CheckedIn{
          "123", {Area::calves, Area::lower_back}, "req-1", "marathon", true, 840, true, true, "k7m2wq9xhr4d"},
      ev::Referred{"124", {RedFlag::chest_or_breathing, RedFlag::too_hot_or_cold}, "req-2"},
      ev::WalkedOut{"125"},
      ev::Removed{"126"},
      ev::PrioritySet{"127", false},
      ev::Moved{"128", 4},
      ev::TableCreated{3, "Table 3"},
      ev::TableRenamed{3, "By the door"},
      ev::TherapistSet{3, "Jo Bloggs"},
      ev::TableOpened{3},
      ev::TableClosed{4},
      ev::BreakStarted{5},
      ev::BreakEnded{6},
      ev::ChangeoverEnded{7},
      ev::Called{8, "129"},
      ev::Recalled{9},
      ev::Arrived{10},
      ev::Finished{11, Outcome::medical},
      ev::NoShowed{12, true},
      ev::Undone{13},
      ev::SettingsChanged{odd_settings()},
      ev::RosterLoaded{{{"1", "Ann", "Lee", "10k"}, {"2", "Bo", "Ng", ""}}},
      ev::Announced{"Water at the exit.\nThank you!"},
      ev::ReferralAcknowledged{"130", "volunteer"},
      ev::ReferralCleared{"131", "Sam at the door"},
      ev::SessionRecorded{
          "132", {Area::feet, Area::quads}, SessionOutcome::cramp_eased, "left calf cramp", "Jo Bloggs"},
      ev::FeedbackGiven{"133", 4, true},
  };
}

}  // namespace

TEST_CASE("The test fixture holds one event of every type", "[protocol]") {
  auto const events = one_of_each();
  REQUIRE(events.size() == std::variant_size_v<Event>);
  for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].index() == i);
}

TEST_CASE("Every event type round-trips through encode_events and decode_events unchanged", "[protocol]") {
  auto const events = one_of_each();
  std::string const text = encode_events(events);
  auto const back = decode_events(text);
  REQUIRE(back.size() == events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO(protocol::event_type(events[i]));
    CHECK(back[i].index() == events[i].index());
    CHECK(json(back[i]) == json(events[i]));
  }
  CHECK(encode_events(back) == text);
}

TEST_CASE("Settings and roster entries round-trip field by field", "[protocol]") {
  auto const s = odd_settings();
  CHECK(json(s).get<Settings>() == s);
  Settings without_closing = s;
  without_closing.closing_at.reset();
  CHECK(json(without_closing).at("closing_at").is_null());
  CHECK(json(without_closing).get<Settings>() == without_closing);
  CHECK(json(Settings{}).get<Settings>() == Settings{});
  RosterEntry const r{"X9", "Zoë", "O'Neil", "half"};
  CHECK(json(r).get<RosterEntry>() == r);
}

TEST_CASE("Events are objects with a snake_case type and the struct's fields", "[protocol]") {
  auto const events = one_of_each();
  std::set<std::string> types;
  for (auto const& e : events) types.insert(json(e).at("type").get<std::string>());
  CHECK(types.size() == events.size());
  CHECK(json(events[0]) == json::parse(R"({"type":"checked_in","bib":"123","areas":["calves","lower_back"],
      "request_id":"req-1","category":"marathon","priority":true,"quoted_wait_s":840,"by_volunteer":true,"was_referred":true,
      "key":"k7m2wq9xhr4d"})"));
  CHECK(json(events[26]) == json::parse(R"({"type":"feedback_given","bib":"133","legs":4,"come_back":true})"));
  CHECK(json(Event{ev::FeedbackGiven{"133", 2, std::nullopt}}).at("come_back").is_null());
  CHECK(json(events[17]) == json::parse(R"({"type":"finished","table":11,"outcome":"medical"})"));
  CHECK(json(events[24]) == json::parse(R"({"type":"referral_cleared","bib":"131","by":"Sam at the door"})"));
  CHECK(json(events[25]) == json::parse(R"({"type":"session_recorded","bib":"132","areas":["feet","quads"],
      "outcome":"cramp_eased","note":"left calf cramp","therapist":"Jo Bloggs"})"));
  CHECK(json(events[18]) == json::parse(R"({"type":"no_showed","table":12,"requeued":true})"));
  CHECK(json(events[20]).at("settings").at("no_show_policy") == "drop");
  CHECK(protocol::event_type(events[13]) == "changeover_ended");
}

TEST_CASE("Each event type has its documented wire name", "[protocol]") {
  std::vector<std::string> const expected = {"checked_in",       "referred",         "walked_out",
                                             "removed",          "priority_set",     "moved",
                                             "table_created",    "table_renamed",    "therapist_set",
                                             "table_opened",     "table_closed",     "break_started",
                                             "break_ended",      "changeover_ended", "called",
                                             "recalled",         "arrived",          "finished",
                                             "no_showed",        "undone",           "settings_changed",
                                             "roster_loaded",    "announced",        "referral_acknowledged",
                                             "referral_cleared", "session_recorded", "feedback_given"};
  auto const events = one_of_each();
  REQUIRE(events.size() == expected.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(protocol::event_type(events[i]) == expected[i]);
    CHECK(json(events[i]).at("type") == expected[i]);
  }
}

TEST_CASE("A batch encodes its time and its events", "[protocol]") {
  Batch const b{1'714'000'123'456, {ev::TableOpened{1}, ev::Called{1, "7"}}};
  json const j = b;
  CHECK(j.at("at") == 1'714'000'123'456);
  CHECK(j.at("events").size() == 2);
  auto const back = j.get<Batch>();
  CHECK(back.at == b.at);
  CHECK(json(back.events) == json(b.events));
}

TEST_CASE("A corrupt store row makes decode_events throw runtime_error", "[protocol]") {
  auto bad = GENERATE(as<std::string>{}, "", "not json", "{}", R"([{"type":"exploded","table":1}])",
                      R"([{"type":"table_opened"}])", R"([{"type":"table_opened","table":"1"}])", R"([{"table":1}])",
                      R"([{"type":7}])", R"([3])", R"([{"type":"called","table":1,"bib":null}])");
  INFO(bad);
  CHECK_THROWS_AS(decode_events(bad), std::runtime_error);
}

TEST_CASE("An empty batch encodes as an empty array", "[protocol]") {
  CHECK(encode_events({}) == "[]");
  CHECK(decode_events("[]").empty());
}

TEST_CASE("Public events carry no names, request ids or medical answers", "[protocol]") {
  for (auto const& e : one_of_each()) {
    json const p = public_event(e);
    std::string const text = p.dump();
    INFO(text);
    CHECK(p.at("type") == protocol::event_type(e));
    CHECK_FALSE(p.contains("request_id"));
    CHECK_FALSE(p.contains("red_flags"));
    CHECK(text.find("first_name") == std::string::npos);
    CHECK(text.find("last_name") == std::string::npos);
    CHECK(text.find("Jo Bloggs") == std::string::npos);
    CHECK(text.find("Ann") == std::string::npos);
    CHECK(text.find("chest_or_breathing") == std::string::npos);
    CHECK_FALSE(p.contains("outcome"));  // "sent to medical" is health data
    CHECK_FALSE(p.contains("was_referred"));
    CHECK(text.find("Sam at the door") == std::string::npos);
    CHECK(text.find("left calf cramp") == std::string::npos);  // a session note is health data
    CHECK(text.find("cramp_eased") == std::string::npos);
  }
}

TEST_CASE("Stored rows from before outcomes and referral flags still read as before", "[protocol]") {
  auto const events = decode_events(R"([{"type":"finished","table":2},
      {"type":"checked_in","bib":"1","areas":[],"request_id":"","category":"","priority":false,
       "quoted_wait_s":-1,"by_volunteer":false}])");
  CHECK(std::get<ev::Finished>(events.at(0)).outcome == Outcome::served);
  CHECK_FALSE(std::get<ev::CheckedIn>(events.at(1)).was_referred);
  CHECK(std::get<ev::CheckedIn>(events.at(1)).key.empty());  // rows from before status keys
  CHECK_THROWS_AS(decode_events(R"([{"type":"finished","table":2,"outcome":"lost"}])"), std::runtime_error);
  CHECK_THROWS_AS(decode_events(R"([{"type":"session_recorded","bib":"1","areas":[],"outcome":"lost","note":"",
      "therapist":""}])"),
                  std::runtime_error);
  CHECK_THROWS_AS(decode_events(R"([{"type":"feedback_given","bib":"1","legs":9,"come_back":null}])"),
                  std::runtime_error);
  CHECK_THROWS(decode_events(R"([{"type":"feedback_given","bib":"1","legs":3}])"));
}

TEST_CASE("Public events keep only what a public ticket or table view shows", "[protocol]") {
  auto const events = one_of_each();
  CHECK(public_event(events[0]) == json{{"type", "checked_in"}, {"bib", "123"}});
  CHECK(public_event(events[1]) == json{{"type", "referred"}, {"bib", "124"}});
  CHECK(public_event(events[4]) == json{{"type", "priority_set"}, {"bib", "127"}});
  CHECK(public_event(events[5]) == json{{"type", "moved"}, {"bib", "128"}, {"position", 4}});
  CHECK(public_event(events[6]) == json{{"type", "table_created"}, {"table", 3}, {"name", "Table 3"}});
  CHECK(public_event(events[8]) == json{{"type", "therapist_set"}, {"table", 3}});
  CHECK(public_event(events[18]) == json{{"type", "no_showed"}, {"table", 12}});
  CHECK(public_event(events[20]) == json{{"type", "settings_changed"}});
  CHECK(public_event(events[21]) == json{{"type", "roster_loaded"}});
  CHECK(public_event(events[22]) == json(events[22]));
  CHECK(public_event(events[14]) == json(events[14]));
  for (auto const& e : events) {
    std::string const text = public_event(e).dump();
    INFO(text);
    for (auto const* field : {"areas", "category", "priority", "quoted_wait_s", "by_volunteer", "settings", "count"})
      CHECK(text.find(std::string("\"") + field + "\"") == std::string::npos);
  }
}

TEST_CASE("Staff events are whole, except that a roster load carries only its size and a check-in no key",
          "[protocol]") {
  auto const events = one_of_each();
  CHECK(protocol::staff_event(events[21]) == json{{"type", "roster_loaded"}, {"count", 2}});
  auto without_key = json(events[0]);
  without_key.erase("key");
  CHECK(protocol::staff_event(events[0]) == without_key);
  CHECK(protocol::staff_event(events[0]).dump().find("k7m2wq9xhr4d") == std::string::npos);
  CHECK(protocol::staff_event(events[20]) == json(events[20]));
}

namespace {

// Every member of an encoded event that from_json reads, as a JSON pointer: the event's own fields
// (not "type") and, one level down, those of an object field (settings) or of the first object of
// an array field (roster entries).
std::vector<json::json_pointer> fields_of(json const& event) {
  std::vector<json::json_pointer> out;
  for (auto const& [key, value] : event.items()) {
    if (key == "type") continue;
    json::json_pointer const field = json::json_pointer() / key;
    out.push_back(field);
    json const* inner = &value;
    json::json_pointer base = field;
    if (value.is_array() && !value.empty() && value.front().is_object()) {
      inner = &value.front();
      base = field / 0;
    }
    if (inner->is_object())
      for (auto const& [k, v] : inner->items()) out.push_back(base / k);
  }
  return out;
}

// A value of another JSON kind than `value`: a number for a string, a string for anything else.
json other_kind(json const& value) { return value.is_string() ? json(7) : json("x"); }

json decoded_again(json const& event) { return json(decode_events(json::array({event}).dump()).at(0)); }

}  // namespace

TEST_CASE("A stored event missing any field is refused, but for the four added after schema 1", "[protocol]") {
  // Rows written before these fields existed lack them: they read as false, no key, served and "".
  std::set<std::string> const may_be_missing = {"checked_in/was_referred", "checked_in/key", "finished/outcome",
                                                "settings_changed/settings/medical_directions"};
  for (auto const& e : one_of_each()) {
    json const whole = e;
    for (auto const& field : fields_of(whole)) {
      std::string const name = std::string(protocol::event_type(e)) + field.to_string();
      json without = whole;
      without[field.parent_pointer()].erase(field.back());
      INFO(name << " missing: " << without.dump());
      if (may_be_missing.count(name))
        CHECK_NOTHROW(decoded_again(without));
      else
        CHECK_THROWS_AS(decoded_again(without), std::runtime_error);
    }
  }
}

TEST_CASE("A stored event with any field of the wrong JSON kind is refused", "[protocol]") {
  // What nlohmann's get_to refuses. An enum read from a value that names none of its members
  // becomes the enum's invalid value: refused for an outcome, kept as such in settings.
  std::set<std::string> const enums_as_invalid = {"settings_changed/settings/no_show_policy"};
  for (auto const& e : one_of_each()) {
    json const whole = e;
    for (auto const& field : fields_of(whole)) {
      std::string const name = std::string(protocol::event_type(e)) + field.to_string();
      json changed = whole;
      changed[field] = other_kind(whole[field]);
      INFO(name << " as " << changed[field].dump() << ": " << changed.dump());
      if (enums_as_invalid.count(name))
        CHECK(decoded_again(changed)[field] == "invalid");
      else
        CHECK_THROWS_AS(decoded_again(changed), std::runtime_error);
    }
  }
}

TEST_CASE("An unknown field in a stored event is ignored, at every level", "[protocol]") {
  for (auto const& e : one_of_each()) {
    json const whole = e;
    json extended = whole;
    extended["surprise"] = 1;
    for (auto const& field : fields_of(whole))
      if (whole[field].is_object()) extended[field]["surprise"] = 1;
    INFO(extended.dump());
    CHECK(decoded_again(extended) == whole);
  }
}

TEST_CASE("The stored form of every event is as it was written before", "[protocol]") {
  // Rows already in tents' databases: the text encode_events writes must not drift.
  CHECK(
      encode_events(one_of_each()) ==
      std::string("[") +
          R"({"areas":["calves","lower_back"],"bib":"123","by_volunteer":true,"category":"marathon","key":"k7m2wq9xhr4d","priority":true,"quoted_wait_s":840,"request_id":"req-1","type":"checked_in","was_referred":true},)"
          R"({"bib":"124","red_flags":["chest_or_breathing","too_hot_or_cold"],"request_id":"req-2","type":"referred"},)"
          R"({"bib":"125","type":"walked_out"},)"
          R"({"bib":"126","type":"removed"},)"
          R"({"bib":"127","on":false,"type":"priority_set"},)"
          R"({"bib":"128","position":4,"type":"moved"},)"
          R"({"name":"Table 3","table":3,"type":"table_created"},)"
          R"({"name":"By the door","table":3,"type":"table_renamed"},)"
          R"({"name":"Jo Bloggs","table":3,"type":"therapist_set"},)"
          R"({"table":3,"type":"table_opened"},)"
          R"({"table":4,"type":"table_closed"},)"
          R"({"table":5,"type":"break_started"},)"
          R"({"table":6,"type":"break_ended"},)"
          R"({"table":7,"type":"changeover_ended"},)"
          R"({"bib":"129","table":8,"type":"called"},)"
          R"({"table":9,"type":"recalled"},)"
          R"({"table":10,"type":"arrived"},)"
          R"({"outcome":"medical","table":11,"type":"finished"},)"
          R"({"requeued":true,"table":12,"type":"no_showed"},)"
          R"({"table":13,"type":"undone"},)"
          R"({"settings":{"allow_repeats":true,"auto_assign":false,"call_timeout_s":95,"changeover_s":0,"closing_at":1714000000000,"medical_directions":"","no_show_policy":"drop","priority_category":"Elite","refused_categories":["5k","kids"],"roster_required":true,"session_target_s":420,"tent_name":"Tent \"B\" — Zoë"},"type":"settings_changed"},)"
          R"({"entries":[{"bib":"1","category":"10k","first_name":"Ann","last_name":"Lee"},{"bib":"2","category":"","first_name":"Bo","last_name":"Ng"}],"type":"roster_loaded"},)"
          R"({"text":"Water at the exit.\nThank you!","type":"announced"},)"
          R"({"bib":"130","by":"volunteer","type":"referral_acknowledged"},)"
          R"({"bib":"131","by":"Sam at the door","type":"referral_cleared"},)"
          R"({"areas":["feet","quads"],"bib":"132","note":"left calf cramp","outcome":"cramp_eased","therapist":"Jo Bloggs","type":"session_recorded"},)"
          R"({"bib":"133","come_back":true,"legs":4,"type":"feedback_given"})"
          "]");
}

TEST_CASE("An announcement's texts per language round-trip, and a row stored before them loads with none",
          "[protocol]") {
  Event const with = ev::Announced{"Water at the exit", {{"de", "Wasser am Ausgang"}, {"es", "Agua en la salida"}}};
  CHECK(json(with) == json::parse(R"({"type":"announced","text":"Water at the exit",
      "translations":{"de":"Wasser am Ausgang","es":"Agua en la salida"}})"));
  auto const again = decode_events(encode_events({with}));
  CHECK(std::get<ev::Announced>(again.at(0)).translations.at("de") == "Wasser am Ausgang");
  CHECK(public_event(with)["translations"]["es"] == "Agua en la salida");

  auto const old = decode_events(R"([{"type":"announced","text":"Water at the exit"}])");
  CHECK(std::get<ev::Announced>(old.at(0)).text == "Water at the exit");
  CHECK(std::get<ev::Announced>(old.at(0)).translations.empty());
  CHECK(json(old.at(0)).dump() == R"({"text":"Water at the exit","type":"announced"})");

  CHECK_THROWS_AS(decode_events(R"([{"type":"announced","text":"x","translations":["de"]}])"), std::runtime_error);
  CHECK_THROWS_AS(decode_events(R"([{"type":"announced","text":"x","translations":{"de":7}}])"), std::runtime_error);
}
