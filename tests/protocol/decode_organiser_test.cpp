#include "protocol/decode_organiser.hpp"

#include "core/limits.hpp"
#include "protocol/decode.hpp"
#include "protocol/events_json.hpp"

#include <catch2/catch.hpp>

#include <string>

using nlohmann::json;
using tent::protocol::decode;

namespace {

tent::Settings custom_settings() {
  tent::Settings s;
  s.tent_name = "Finish tent";
  s.session_target_s = 480;
  s.call_timeout_s = 120;
  s.changeover_s = 30;
  s.auto_assign = false;
  s.no_show_policy = tent::NoShowPolicy::drop;
  s.allow_repeats = true;
  s.roster_required = true;
  s.priority_category = "elite";
  s.refused_categories = {"kids"};
  s.closing_at = 1'700'000'000'000;
  return s;
}

tent::Settings merged(json const& params, tent::Settings const& current) {
  auto const d = decode("settings", params, current);
  INFO(params.dump() << " -> " << (d.error ? d.error->message : std::string()));
  REQUIRE(d.command);
  auto const* update = std::get_if<tent::cmd::UpdateSettings>(&*d.command);
  REQUIRE(update != nullptr);
  return update->settings;
}

}  // namespace

TEST_CASE("Settings with no fields leave every setting as it is", "[protocol]") {
  auto const current = custom_settings();
  CHECK(merged(json::object(), current) == current);
}

TEST_CASE("Settings change only the given fields and keep the rest", "[protocol]") {
  auto const current = custom_settings();
  auto const s = merged({{"session_target_s", 900}, {"tent_name", "  North tent "}}, current);
  auto expected = current;
  expected.session_target_s = 900;
  expected.tent_name = "North tent";
  CHECK(s == expected);
}

TEST_CASE("Every setting can be set through the decoder", "[protocol]") {
  auto const s = merged(json::parse(R"({
      "tent_name":"T", "session_target_s":60, "call_timeout_s":1800, "changeover_s":0,
      "auto_assign":true, "no_show_policy":"requeue_once", "allow_repeats":false,
      "roster_required":false, "priority_category":" Elite ",
      "refused_categories":["5k"," 5k ","kids"], "closing_at":1234})"),
                        custom_settings());
  CHECK(s.tent_name == "T");
  CHECK(s.session_target_s == 60);
  CHECK(s.call_timeout_s == 1800);
  CHECK(s.changeover_s == 0);
  CHECK(s.auto_assign);
  CHECK(s.no_show_policy == tent::NoShowPolicy::requeue_once);
  CHECK_FALSE(s.allow_repeats);
  CHECK_FALSE(s.roster_required);
  CHECK(s.priority_category == "Elite");
  CHECK(s.refused_categories == std::vector<std::string>{"5k", "kids"});
  CHECK(s.closing_at == 1234);
}

TEST_CASE("closing_at null clears the closing time, while other nulls keep the current value", "[protocol]") {
  auto const current = custom_settings();
  auto const s = merged({{"closing_at", nullptr}, {"tent_name", nullptr}, {"session_target_s", nullptr}}, current);
  CHECK_FALSE(s.closing_at);
  CHECK(s.tent_name == current.tent_name);
  CHECK(s.session_target_s == current.session_target_s);
}

TEST_CASE("Settings at the edge of their range are accepted, past it refused", "[protocol]") {
  auto [field, good, bad] = GENERATE(table<std::string, std::int64_t, std::int64_t>({
      {"session_target_s", 60, 59},
      {"session_target_s", 3600, 3601},
      {"call_timeout_s", 30, 29},
      {"call_timeout_s", 1800, 1801},
      {"changeover_s", 0, -1},
      {"changeover_s", 900, 901},
      {"closing_at", 0, -1},
  }));
  auto const current = custom_settings();
  CHECK(json(merged({{field, good}}, current)).at(field) == good);
  auto const refused = decode("settings", {{field, bad}}, current);
  REQUIRE(refused.error);
  CHECK(refused.error->code == "invalid_setting");
  CHECK(refused.error->status == 422);
  CHECK_THAT(refused.error->message, Catch::Contains(field));
}

TEST_CASE("The decoder takes each setting of the core's range table at its edges and refuses it past them",
          "[protocol]") {
  auto const& range = GENERATE(from_range(std::begin(tent::setting_ranges), std::end(tent::setting_ranges)));
  std::string const field(range.field);
  INFO(field);
  auto const current = custom_settings();
  CHECK(merged({{field, range.min}}, current).*range.member == range.min);
  CHECK(merged({{field, range.max}}, current).*range.member == range.max);
  for (auto const bad : {std::int64_t{range.min} - 1, std::int64_t{range.max} + 1}) {
    auto const refused = decode("settings", {{field, bad}}, current);
    REQUIRE(refused.error);
    CHECK(refused.error->code == "invalid_setting");
    CHECK_THAT(refused.error->message, Catch::Contains(std::to_string(range.min) + ".." + std::to_string(range.max)));
  }
}

TEST_CASE("Settings refuse wrong types, unknown fields, unknown policies and bad categories", "[protocol]") {
  auto [params, code] = GENERATE(table<std::string, std::string>({
      {R"({"session_target_s":"600"})", "invalid_field"},
      {R"({"session_target_s":600.5})", "invalid_field"},
      {R"({"auto_assign":1})", "invalid_field"},
      {R"({"closing_at":"18:00"})", "invalid_field"},
      {R"({"no_show_policy":"forgive"})", "invalid_setting"},
      {R"({"no_show_policy":"invalid"})", "invalid_setting"},
      {R"({"no_show_policy":2})", "invalid_field"},
      {R"({"tent_name":""})", "invalid_name"},
      {R"({"tent_name":"12345678901234567890123456789012345678901"})", "invalid_name"},
      {R"({"priority_category":"12345678901234567890123456789012345678901"})", "invalid_setting"},
      {R"({"refused_categories":"kids"})", "invalid_field"},
      {R"({"refused_categories":["kids",""]})", "invalid_setting"},
      {R"({"refused_categories":[7]})", "invalid_field"},
      {R"({"session_target":600})", "invalid_field"},
  }));
  auto const d = decode("settings", json::parse(params), custom_settings());
  INFO(params);
  REQUIRE(d.error);
  CHECK(d.error->code == code);
}

TEST_CASE("Refused categories are capped in number", "[protocol]") {
  json many = json::array();
  for (std::size_t i = 0; i < tent::max_refused_categories + 1; ++i) many.push_back("c" + std::to_string(i));
  auto const d = decode("settings", {{"refused_categories", many}}, custom_settings());
  REQUIRE(d.error);
  CHECK(d.error->code == "invalid_setting");
}

TEST_CASE("A roster row that cannot be used refuses the roster and names the row", "[protocol]") {
  auto [entries, detail] = GENERATE(table<std::string, std::string>({
      {R"([{"bib":"1"},"2"])", "entries[1]"},
      {R"([{"bib":"1"},{"first_name":"Ann"}])", "entries[1].bib"},
      {R"([{"bib":12}])", "entries[0].bib"},
      {R"([{"bib":"1"},{"bib":"2"},{"bib":" 2 "}])", "entries[2]"},
      {R"([{"bib":"1","first_name":"12345678901234567890123456789012345678901"}])", "entries[0].first_name"},
      {R"([{"bib":"1","last_name":3}])", "entries[0].last_name"},
      {R"([{"bib":"1","category":"a\tb"}])", "entries[0].category"},
  }));
  auto const d = decode("roster", {{"entries", json::parse(entries)}}, tent::Settings{});
  REQUIRE(d.error);
  CHECK(d.error->code == "invalid_roster");
  CHECK(d.error->status == 422);
  CHECK_THAT(d.error->message, Catch::Contains(detail));
}

TEST_CASE("An empty roster is a valid roster", "[protocol]") {
  auto const d = decode("roster", {{"entries", json::array()}}, tent::Settings{});
  REQUIRE(d.command);
  CHECK(std::get<tent::cmd::LoadRoster>(*d.command).entries.empty());
}
