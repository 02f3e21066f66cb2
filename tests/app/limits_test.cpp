// The domain limits as the pages get them: the core's own values, in every snapshot (both
// audiences) and in GET /api/settings, and a server that refuses what lies outside them.

#include "core/limits.hpp"

#include "live_tent.hpp"

#include <catch2/catch.hpp>

#include <iterator>

using namespace tent::app::test;

namespace {

// The limits object the core's constants call for (docs/protocol.md, Limits), written out by hand
// so that a change to the published shape or a value shows here.
json core_limits() {
  json settings = json::object();
  for (auto const& r : tent::setting_ranges) settings[std::string(r.field)] = {{"min", r.min}, {"max", r.max}};
  return {{"bib_max_length", tent::max_bib_length},
          {"name_max_length", tent::max_name_length},
          {"text_max_length", tent::max_text_length},
          {"max_tables", tent::max_tables},
          {"refused_categories_max", tent::max_refused_categories},
          {"undo_window_s", tent::undo_window / 1000},
          {"settings", settings}};
}

}  // namespace

TEST_CASE("The published limits are the core's, in GET /api/settings and in every snapshot", "[app]") {
  LiveTent t;
  auto const expected = core_limits();
  CHECK(expected.at("settings").at("session_target_s") == json{{"min", 60}, {"max", 3600}});
  CHECK(expected.at("undo_window_s") == 120);

  CHECK(t.get("/api/settings").body.at("limits") == expected);
  CHECK(t.get("/api/settings", organiser_pin).body.at("limits") == expected);
  CHECK(t.get("/api/state").body.at("limits") == expected);
  CHECK(t.get("/api/state", volunteer_pin).body.at("limits") == expected);

  auto ws = t.subscribe();
  auto const public_snapshot = next_frame(*ws);
  REQUIRE(public_snapshot.at("audience") == "public");
  CHECK(public_snapshot.at("limits") == expected);
  ws->write(R"({"id":1,"op":"auth","pin":"1111"})");
  REQUIRE(json::parse(ws->read()).at("status") == 200);
  auto const staff_snapshot = next_frame(*ws);
  REQUIRE(staff_snapshot.at("audience") == "staff");
  CHECK(staff_snapshot.at("limits") == expected);

  SECTION("update frames do not repeat them: they never change while the server runs") {
    REQUIRE(t.post("/api/checkins", {{"bib", "12"}}).status == 201);
    auto const update = next_frame(*ws);
    CHECK(update.at("type") == "update");
    CHECK_FALSE(update.contains("limits"));
  }
}

TEST_CASE("A setting just outside its published range is refused and changes nothing, its edges are taken", "[app]") {
  LiveTent t;
  auto const ranges = t.get("/api/settings").body.at("limits").at("settings");
  REQUIRE(ranges.size() == std::size(tent::setting_ranges));
  for (auto const& item : ranges.items()) {
    auto const& field = item.key();
    auto const& range = item.value();
    INFO(field);
    auto const min = range.at("min").get<std::int64_t>(), max = range.at("max").get<std::int64_t>();
    for (auto const bad : {min - 1, max + 1}) {
      auto const seq = t.seq();
      auto const refused = t.post("/api/settings", {{field, bad}}, organiser_pin);
      CHECK(refused.status == 422);
      CHECK(refused.body.at("error").at("code") == "invalid_setting");
      CHECK(t.seq() == seq);
    }
    for (auto const good : {min, max}) {
      auto const taken = t.post("/api/settings", {{field, good}}, organiser_pin);
      CHECK(taken.status == 200);
      CHECK(taken.body.at("settings").at(field) == good);
    }
  }
}

TEST_CASE("Text and names one past their published length are refused", "[app]") {
  LiveTent t;
  auto const limits = t.get("/api/settings").body.at("limits");
  auto const text = limits.at("text_max_length").get<std::size_t>();
  auto const name = limits.at("name_max_length").get<std::size_t>();
  auto const bib = limits.at("bib_max_length").get<std::size_t>();

  CHECK(t.post("/api/announcement", {{"text", std::string(text, 'a')}}, organiser_pin).status == 200);
  CHECK(t.post("/api/announcement", {{"text", std::string(text + 1, 'a')}}, organiser_pin).status == 422);
  CHECK(t.post("/api/settings", {{"tent_name", std::string(name, 'n')}}, organiser_pin).status == 200);
  CHECK(t.post("/api/settings", {{"tent_name", std::string(name + 1, 'n')}}, organiser_pin).status == 422);
  CHECK(t.post("/api/checkins", {{"bib", std::string(bib, '7')}}).status == 201);
  auto const long_bib = t.post("/api/checkins", {{"bib", std::string(bib + 1, '7')}});
  CHECK(long_bib.status == 422);
  CHECK(long_bib.body.at("error").at("code") == "invalid_bib");
  CHECK_THAT(long_bib.body.at("error").at("message").get<std::string>(),
             Catch::Contains("1 to " + std::to_string(bib) + " letters"));
}
