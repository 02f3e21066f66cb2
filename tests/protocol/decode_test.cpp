#include "protocol/decode.hpp"

#include "command_json.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using nlohmann::json;
using tent::protocol::decode;

namespace {

json decoded_command(std::string const& op, json const& params) {
  auto const d = decode(op, params, tent::Settings{});
  INFO("op " << op << " params " << params.dump());
  REQUIRE_FALSE(d.error);
  REQUIRE(d.command);
  return tent::test::command_json(*d.command);
}

tent::protocol::WireError decoded_error(std::string const& op, json const& params) {
  auto const d = decode(op, params, tent::Settings{});
  INFO("op " << op << " params " << params.dump());
  REQUIRE_FALSE(d.command);
  REQUIRE(d.error);
  return *d.error;
}

}  // namespace

TEST_CASE("Every op decodes good params into the matching command", "[protocol]") {
  auto [op, params, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"checkin",
       R"({"bib":" 12a ","areas":["feet","calves","feet"],"request_id":"r-1",
           "triage":{"chest_or_breathing":false,"too_hot_or_cold":true,"dizzy_or_confused":true}})",
       R"({"cmd":"CheckIn","bib":"12A","areas":["feet","calves"],"red_flags":["dizzy_or_confused","too_hot_or_cold"],
           "request_id":"r-1","source":"kiosk"})"},
      {"checkin", R"({"bib":"7"})",
       R"({"cmd":"CheckIn","bib":"7","areas":[],"red_flags":[],"request_id":"","source":"kiosk"})"},
      {"leave", R"({"bib":"b7"})", R"({"cmd":"Leave","bib":"B7"})"},
      {"add_runner", R"({"bib":"8","areas":["quads"],"triage":{"open_wound":false}})",
       R"({"cmd":"CheckIn","bib":"8","areas":["quads"],"red_flags":[],"request_id":"","source":"volunteer"})"},
      {"remove", R"({"bib":"9"})", R"({"cmd":"Remove","bib":"9"})"},
      {"priority", R"({"bib":"9"})", R"({"cmd":"SetPriority","bib":"9","on":true})"},
      {"priority", R"({"bib":"9","on":false})", R"({"cmd":"SetPriority","bib":"9","on":false})"},
      {"move", R"({"bib":"9","position":3})", R"({"cmd":"Move","bib":"9","position":3})"},
      {"table_create", R"({"name":"  Table A  "})", R"({"cmd":"CreateTable","name":"Table A"})"},
      {"table_create", R"({"count":8})", R"({"cmd":"CreateTable","name":"","numbered":8})"},
      {"table_create", R"({"count":1,"name":"Window"})", R"({"cmd":"CreateTable","name":"Window"})"},
      {"table_rename", R"({"table":2,"name":"Window"})", R"({"cmd":"RenameTable","table":2,"name":"Window"})"},
      {"therapist", R"({"table":2,"name":" Sam "})", R"({"cmd":"SetTherapist","table":2,"name":"Sam"})"},
      {"therapist", R"({"table":2,"name":""})", R"({"cmd":"SetTherapist","table":2,"name":""})"},
      // A phone's no-break and thin spaces around a name are trimmed like ASCII ones.
      {"therapist", R"({"table":2,"name":"\u00a0Zoë\u2009\u00a0"})",
       R"({"cmd":"SetTherapist","table":2,"name":"Zoë"})"},
      {"open", R"({"table":1})", R"({"cmd":"OpenTable","table":1})"},
      {"close", R"({"table":1})", R"({"cmd":"CloseTable","table":1})"},
      {"break", R"({"table":1})", R"({"cmd":"StartBreak","table":1})"},
      {"resume", R"({"table":1})", R"({"cmd":"Resume","table":1})"},
      {"ready", R"({"table":1})", R"({"cmd":"MarkReady","table":1})"},
      {"call", R"({"table":4})", R"({"cmd":"Call","table":4,"bib":null})"},
      {"call", R"({"table":4,"bib":"x1"})", R"({"cmd":"Call","table":4,"bib":"X1"})"},
      {"recall", R"({"table":1})", R"({"cmd":"Recall","table":1})"},
      {"arrived", R"({"table":1})", R"({"cmd":"Arrive","table":1})"},
      {"finish", R"({"table":1})", R"({"cmd":"Finish","table":1,"outcome":"served"})"},
      {"finish", R"({"table":1,"outcome":"medical"})", R"({"cmd":"Finish","table":1,"outcome":"medical"})"},
      {"ack_referral", R"({"bib":" 5a "})", R"({"cmd":"AckReferral","bib":"5A","by":""})"},
      {"clear_referral", R"({"bib":"5","by":" Sam "})", R"({"cmd":"ClearReferral","bib":"5","by":"Sam"})"},
      {"tent_create", R"({"id":"family","name":" Family area "})",
       R"({"cmd":"CreateTent","id":"family","name":"Family area"})"},
      {"no_show", R"({"table":1})", R"({"cmd":"NoShow","table":1})"},
      {"record", R"({"bib":" 7a ","areas":["calves","feet","calves"],"outcome":"cramp_eased","note":"  left calf  "})",
       R"({"cmd":"RecordSession","bib":"7A","areas":["calves","feet"],"outcome":"cramp_eased","note":"left calf"})"},
      {"record", R"({"bib":"7","outcome":"fine"})",
       R"({"cmd":"RecordSession","bib":"7","areas":[],"outcome":"fine","note":""})"},
      {"record", R"({"bib":"7","areas":[],"outcome":"sent_to_medical","note":null})",
       R"({"cmd":"RecordSession","bib":"7","areas":[],"outcome":"sent_to_medical","note":""})"},
      {"feedback", R"({"bib":" 7a ","key":"k7m2wq9xhr4d","legs":5,"come_back":true})",
       R"({"cmd":"GiveFeedback","bib":"7A","key":"k7m2wq9xhr4d","legs":5,"come_back":true})"},
      {"feedback", R"({"bib":"7","key":"k","legs":1,"come_back":null})",
       R"({"cmd":"GiveFeedback","bib":"7","key":"k","legs":1,"come_back":null})"},
      {"feedback", R"({"bib":"7","legs":3})", R"({"cmd":"GiveFeedback","bib":"7","key":"","legs":3,"come_back":null})"},
      {"feedback", R"({"bib":"7","key":5,"legs":3,"come_back":false})",
       R"({"cmd":"GiveFeedback","bib":"7","key":"","legs":3,"come_back":false})"},
      {"undo", R"({"table":2147483647})", R"({"cmd":"Undo","table":2147483647})"},
      {"roster", R"({"entries":[{"bib":"1","first_name":" Ann ","last_name":"Lee","category":"10k"},{"bib":"2"}]})",
       R"({"cmd":"LoadRoster","entries":[{"bib":"1","first_name":"Ann","last_name":"Lee","category":"10k"},
                                         {"bib":"2","first_name":"","last_name":"","category":""}]})"},
      {"announce", R"({"text":"  Water is by the exit \n Thank you!  "})",
       R"({"cmd":"Announce","text":"Water is by the exit \n Thank you!"})"},
      {"announce", R"({"text":""})", R"({"cmd":"Announce","text":""})"},
  }));
  CHECK(decoded_command(op, json::parse(params)) == json::parse(expected));
}

TEST_CASE("Bad params are refused with the right wire error", "[protocol]") {
  auto [op, params, code, status] = GENERATE(table<std::string, std::string, std::string, int>({
      {"checkin", R"({})", "missing_field", 422},
      {"checkin", R"({"bib":null})", "missing_field", 422},
      {"checkin", R"({"bib":123})", "invalid_field", 422},
      {"checkin", R"({"bib":"12-3"})", "invalid_bib", 422},
      {"checkin", R"({"bib":"123456789"})", "invalid_bib", 422},
      {"checkin", R"({"bib":"   "})", "invalid_bib", 422},
      {"checkin", R"({"bib":"1","areas":["knees"]})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","areas":"calves"})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","areas":[3]})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","triage":{"chest_or_breathing":"yes"}})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","triage":{"broken_leg":true}})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","triage":[true]})", "invalid_field", 422},
      {"checkin", R"({"bib":"1","request_id":7})", "invalid_field", 422},
      {"add_runner", R"({"bib":"1","areas":["invalid"]})", "invalid_field", 422},
      {"leave", R"({})", "missing_field", 422},
      {"leave", R"({"bib":"?"})", "invalid_bib", 422},
      {"remove", R"({"bib":[]})", "invalid_field", 422},
      {"priority", R"({"bib":"1","on":"true"})", "invalid_field", 422},
      {"priority", R"({"bib":"1","on":1})", "invalid_field", 422},
      {"move", R"({"bib":"1"})", "missing_field", 422},
      {"move", R"({"bib":"1","position":0})", "bad_position", 422},
      {"move", R"({"bib":"1","position":-2})", "bad_position", 422},
      {"move", R"({"bib":"1","position":3000000000})", "bad_position", 422},
      {"move", R"({"bib":"1","position":"2"})", "invalid_field", 422},
      {"move", R"({"bib":"1","position":1.5})", "invalid_field", 422},
      {"move", R"({"bib":"1","position":2.0})", "invalid_field", 422},
      {"table_create", R"({})", "missing_field", 422},
      {"table_create", R"({"count":0})", "invalid_field", 422},
      {"table_create", R"({"count":201})", "invalid_field", 422},
      {"table_create", R"({"count":"3"})", "invalid_field", 422},
      {"table_create", R"({"count":3,"name":"Window"})", "invalid_field", 422},
      {"table_create", R"({"name":"   "})", "invalid_name", 422},
      {"table_create", R"({"name":"12345678901234567890123456789012345678901"})", "invalid_name", 422},
      {"table_create", R"({"name":"A\nB"})", "invalid_name", 422},
      {"table_create", R"({"name":5})", "invalid_field", 422},
      {"table_rename", R"({"name":"x"})", "missing_field", 422},
      {"table_rename", R"({"table":1,"name":""})", "invalid_name", 422},
      {"therapist", R"({"table":1})", "missing_field", 422},
      {"therapist", R"({"table":1,"name":false})", "invalid_field", 422},
      {"open", R"({"table":"1"})", "invalid_field", 422},
      {"open", R"({"table":0})", "invalid_field", 422},
      {"open", R"({"table":-3})", "invalid_field", 422},
      {"open", R"({"table":2147483648})", "invalid_field", 422},
      {"open", R"({"table":18446744073709551615})", "invalid_field", 422},
      {"close", R"({"table":true})", "invalid_field", 422},
      {"break", R"({})", "missing_field", 422},
      {"resume", R"({})", "missing_field", 422},
      {"ready", R"({})", "missing_field", 422},
      {"recall", R"({})", "missing_field", 422},
      {"arrived", R"({})", "missing_field", 422},
      {"finish", R"({"table":null})", "missing_field", 422},
      {"finish", R"({"table":1,"outcome":"home"})", "invalid_field", 422},
      {"finish", R"({"table":1,"outcome":"invalid"})", "invalid_field", 422},
      {"finish", R"({"table":1,"outcome":true})", "invalid_field", 422},
      {"clear_referral", R"({})", "missing_field", 422},
      {"ack_referral", R"({"bib":"5","by":7})", "invalid_field", 422},
      {"no_show", R"({"table":[1]})", "invalid_field", 422},
      {"record", R"({"outcome":"fine"})", "missing_field", 422},
      {"record", R"({"bib":"1-2","outcome":"fine"})", "invalid_bib", 422},
      {"record", R"({"bib":"1"})", "missing_field", 422},
      {"record", R"({"bib":"1","outcome":"great"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"invalid"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":3})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","areas":["knees"]})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","areas":"calves"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","note":5})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","note":"two\nlines"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","note":"a\u0007bell"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","note":"two\u2028lines"})", "invalid_field", 422},
      {"record", R"({"bib":"1","outcome":"fine","note":"next\u0085line"})", "invalid_field", 422},
      {"therapist", R"({"table":1,"name":"Zo\u2029ë"})", "invalid_name", 422},
      {"feedback", R"({"key":"k","legs":3})", "missing_field", 422},
      {"feedback", R"({"bib":"1","key":"k"})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":0})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":6})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":-3})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":18446744073709551615})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":2.5})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":"4"})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":4,"come_back":"yes"})", "invalid_feedback", 422},
      {"feedback", R"({"bib":"1","key":"k","legs":4,"come_back":1})", "invalid_feedback", 422},
      {"undo", R"({"table":{}})", "invalid_field", 422},
      {"call", R"({"table":1,"bib":"!!"})", "invalid_bib", 422},
      {"call", R"({"bib":"1"})", "missing_field", 422},
      {"settings", R"({"session_target_s":59})", "invalid_setting", 422},
      {"settings", R"({"colour":"red"})", "invalid_field", 422},
      {"roster", R"({})", "missing_field", 422},
      {"roster", R"({"entries":{"bib":"1"}})", "invalid_field", 422},
      {"roster", R"({"entries":[{"bib":"1"},{"bib":"01"},{"bib":" 1"}]})", "invalid_roster", 422},
      {"announce", R"({})", "missing_field", 422},
      {"announce", R"({"text":["hi"]})", "invalid_field", 422},
      {"checkin", R"([{"bib":"1"}])", "bad_json", 400},
      {"open", R"("table 1")", "bad_json", 400},
      {"settings", R"(null)", "bad_json", 400},
      {"dance", R"({})", "unknown_op", 400},
      {"", R"({})", "unknown_op", 400},
      {"CHECKIN", R"({"bib":"1"})", "unknown_op", 400},
  }));
  auto const error = decoded_error(op, json::parse(params));
  CHECK(error.code == code);
  CHECK(error.status == status);
  CHECK_FALSE(error.message.empty());
}

TEST_CASE("A refusal about a field names that field", "[protocol]") {
  auto [op, params, field] = GENERATE(table<std::string, std::string, std::string>({
      {"checkin", R"({})", "bib"},
      {"checkin", R"({"bib":"1","triage":{"severe_cramping":1}})", "triage.severe_cramping"},
      {"checkin", R"({"bib":"1","areas":["knees"]})", "areas"},
      {"move", R"({"bib":"1","position":"first"})", "position"},
      {"open", R"({"table":"one"})", "table"},
      {"settings", R"({"call_timeout_s":5})", "call_timeout_s"},
      {"settings", R"({"auto_assign":"yes"})", "auto_assign"},
      {"settings", R"({"colour":"red"})", "colour"},
      {"roster", R"({"entries":[{"bib":"1"},{"bib":"x y"}]})", "entries[1]"},
      {"table_create", R"({"name":""})", "name"},
      {"record", R"({"bib":"1","outcome":"great"})", "outcome"},
      {"record", R"({"bib":"1","outcome":"fine","note":"a\nb"})", "note"},
      {"record", R"({"bib":"1","outcome":"fine","areas":[1]})", "areas"},
  }));
  auto const error = decoded_error(op, json::parse(params));
  CHECK_THAT(error.message, Catch::Contains(field));
}

TEST_CASE("A checkin refuses a request_id longer than 64 characters", "[protocol]") {
  json params = {{"bib", "1"}, {"request_id", std::string(64, 'a')}};
  CHECK(decoded_command("checkin", params)["request_id"] == std::string(64, 'a'));
  params["request_id"] = std::string(65, 'a');
  CHECK(decoded_error("checkin", params).code == "invalid_field");
}

TEST_CASE("An announcement may be 280 characters but not 281", "[protocol]") {
  CHECK(decoded_command("announce", {{"text", std::string(280, 'x')}})["text"] == std::string(280, 'x'));
  auto const long_text = decoded_error("announce", {{"text", std::string(281, 'x')}});
  CHECK(long_text.code == "text_too_long");
  CHECK(long_text.status == 422);
  CHECK(decoded_error("settings", {{"medical_directions", std::string(281, 'x')}}).code == "text_too_long");
  CHECK(decoded_error("announce", {{"text", "tab\there"}}).code == "invalid_field");
}

TEST_CASE("A session note may be 280 characters but not 281", "[protocol]") {
  CHECK(decoded_command("record", {{"bib", "1"}, {"outcome", "fine"}, {"note", std::string(280, 'n')}})["note"] ==
        std::string(280, 'n'));
  auto const error = decoded_error("record", {{"bib", "1"}, {"outcome", "fine"}, {"note", std::string(281, 'n')}});
  CHECK(error.code == "text_too_long");
  CHECK(error.status == 422);
  CHECK_THAT(error.message, Catch::Contains("note"));
}

TEST_CASE("Lengths count characters, not bytes: accents and emoji are one character each", "[protocol]") {
  std::string umlauts;  // 280 characters, 560 bytes
  for (int i = 0; i < 140; ++i) umlauts += "\u00fc\u00df";
  CHECK(decoded_command("announce", {{"text", umlauts}})["text"] == umlauts);
  CHECK(decoded_error("announce", {{"text", umlauts + "x"}}).code == "text_too_long");
  std::string name;  // 40 characters of 2 to 4 bytes
  for (int i = 0; i < 20; ++i) name += "\u00e9\U0001F3C3";
  CHECK(decoded_command("table_create", {{"name", name}})["name"] == name);
  CHECK(decoded_error("table_create", {{"name", name + "e"}}).code == "invalid_name");
}

TEST_CASE("Fields an op does not read are ignored", "[protocol]") {
  CHECK(decoded_command("open", {{"table", 3}, {"pin", "1234"}}) == json{{"cmd", "OpenTable"}, {"table", 3}});
}

TEST_CASE("ops lists every op once, each known to decode", "[protocol]") {
  auto const all = tent::protocol::ops();
  CHECK(all.size() == 28);
  CHECK(std::set<std::string_view>(all.begin(), all.end()).size() == all.size());
  for (auto op : all) {
    INFO(op);
    // Empty params: refused for a missing field (or accepted, for settings), never unknown_op.
    auto const d = decode(op, json::object(), tent::Settings{});
    CHECK((d.command.has_value() != d.error.has_value()));
    if (d.error) CHECK(d.error->code == "missing_field");
  }
}

TEST_CASE("Table and queue ops carry what the client saw as an expectation", "[protocol]") {
  using tent::Expectation;
  using tent::TableState;
  auto expect_of = [](std::string const& op, json const& params) {
    auto const d = decode(op, params, tent::Settings{});
    INFO("op " << op << " params " << params.dump());
    REQUIRE(d.command);
    return d.expect;
  };
  for (auto op :
       {"open", "close", "break", "resume", "ready", "call", "recall", "arrived", "finish", "no_show", "undo"}) {
    CHECK(expect_of(op, {{"table", 1}, {"expect", {{"state", "in_session"}, {"bib", " 12a "}}}}) ==
          Expectation::table(TableState::in_session, "12A"));
    CHECK(expect_of(op, {{"table", 1}, {"expect", {{"state", "break"}, {"bib", nullptr}}}}) ==
          Expectation::table(TableState::on_break));
    CHECK(expect_of(op, {{"table", 1}, {"expect", {{"state", "free"}}}}) == Expectation::table(TableState::free));
    CHECK_FALSE(expect_of(op, {{"table", 1}}));
    CHECK_FALSE(expect_of(op, {{"table", 1}, {"expect", nullptr}}));
  }
  CHECK(expect_of("table_rename", {{"table", 1}, {"name", "A"}, {"expect", {{"state", "closed"}}}}) ==
        Expectation::table(TableState::closed));
  CHECK(expect_of("therapist", {{"table", 1}, {"name", ""}, {"expect", {{"state", "called"}, {"bib", "7"}}}}) ==
        Expectation::table(TableState::called, "7"));
  CHECK(expect_of("remove", {{"bib", "1"}, {"expect", {{"position", 4}}}}) == Expectation::queue(4));
  CHECK(expect_of("priority", {{"bib", "1"}, {"on", false}, {"expect", {{"position", 1}}}}) == Expectation::queue(1));
  CHECK(expect_of("move", {{"bib", "1"}, {"position", 1}, {"expect", {{"position", 9}}}}) == Expectation::queue(9));
  // Ops without an expectation of their own ignore the field, as any field they do not read.
  CHECK_FALSE(expect_of("table_create", {{"name", "A"}, {"expect", {{"state", "free"}}}}));
  CHECK_FALSE(expect_of("leave", {{"bib", "1"}, {"expect", "anything"}}));
}

TEST_CASE("A malformed expectation is refused as invalid_field naming it", "[protocol]") {
  auto [op, params, field] = GENERATE(table<std::string, std::string, std::string>({
      {"finish", R"({"table":1,"expect":"in_session"})", "expect"},
      {"finish", R"({"table":1,"expect":["in_session"]})", "expect"},
      {"finish", R"({"table":1,"expect":{}})", "expect.state"},
      {"finish", R"({"table":1,"expect":{"bib":"12"}})", "expect.state"},
      {"finish", R"({"table":1,"expect":{"state":"sleeping"}})", "expect.state"},
      {"finish", R"({"table":1,"expect":{"state":"on_break"}})", "expect.state"},
      {"finish", R"({"table":1,"expect":{"state":3}})", "expect.state"},
      {"arrived", R"({"table":1,"expect":{"state":"called","bib":12}})", "expect.bib"},
      {"arrived", R"({"table":1,"expect":{"state":"called","bib":"12-3"}})", "expect.bib"},
      {"table_rename", R"({"table":1,"name":"A","expect":{"state":"free","bib":""}})", "expect.bib"},
      {"remove", R"({"bib":"1","expect":3})", "expect"},
      {"remove", R"({"bib":"1","expect":{}})", "expect.position"},
      {"priority", R"({"bib":"1","expect":{"position":0}})", "expect.position"},
      {"move", R"({"bib":"1","position":2,"expect":{"position":"2"}})", "expect.position"},
      {"move", R"({"bib":"1","position":2,"expect":{"position":1.5}})", "expect.position"},
      {"move", R"({"bib":"1","position":2,"expect":{"position":3000000000}})", "expect.position"},
      {"move", R"({"bib":"1","position":2,"expect":{"state":"free"}})", "expect.position"},
  }));
  auto const error = decoded_error(op, json::parse(params));
  CHECK(error.code == "invalid_field");
  CHECK(error.status == 422);
  CHECK_THAT(error.message, Catch::Contains("'" + field + "'"));
}

TEST_CASE("An announcement may carry a text per language code, blank ones are left out", "[protocol]") {
  auto const c = decoded_command("announce", {{"text", "Water"}, {"translations", {{"de", " Wasser "}, {"es", ""}}}});
  CHECK(c == nlohmann::json::parse(R"({"cmd":"Announce","text":"Water","translations":{"de":"Wasser"}})"));
  CHECK(decoded_error("announce", {{"text", "x"}, {"translations", {{"DE", "y"}}}}).code == "invalid_language");
  CHECK(decoded_error("announce", {{"text", "x"}, {"translations", {{"de", 7}}}}).code == "invalid_field");
  CHECK(decoded_error("announce", {{"text", "x"}, {"translations", "de"}}).code == "invalid_field");
  CHECK(decoded_error("announce", {{"text", "x"}, {"translations", {{"de", std::string(281, 'y')}}}}).code ==
        "text_too_long");
}
