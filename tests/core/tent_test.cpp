#include "core/limits.hpp"
#include "core/tent_state.hpp"
#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

TEST_CASE("A check-in queues the runner in arrival order with a quoted wait", "[core]") {
  Scene s;
  REQUIRE(s.checkin("1234").ok());
  REQUIRE(s.checkin("77").ok());
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"1234", "77"});
  CHECK(s.tent.position("77") == 2);
  CHECK(s.status("1234") == TicketStatus::waiting);
  CHECK(s.tent.ticket("1234")->quoted_wait_s == -1);  // no table open: no estimate
}

TEST_CASE("A bib already in line is refused with the existing ticket", "[core]") {
  Scene s;
  REQUIRE(s.checkin("1234").ok());
  auto d = s.checkin("1234");
  CHECK(d.error == Error::already_queued);
  CHECK(d.existing == Bib{"1234"});
  CHECK(s.tent.queue().size() == 1);

  SECTION("also once called to a table") {
    s.open_tables(1);
    CHECK(s.status("1234") == TicketStatus::called);
    CHECK(s.checkin("1234").error == Error::already_queued);
  }
}

TEST_CASE("A bib that is not 1 to 8 letters or digits is refused", "[core]") {
  Scene s;
  for (auto bad : {"", "123456789", "12 34", "12-4", "abc"}) CHECK(s.checkin(bad).error == Error::invalid_bib);
  CHECK(s.tent.queue().empty());
  CHECK(normalise_bib("  ab12 ") == Bib{"AB12"});
  CHECK_FALSE(normalise_bib("é1"));
}

TEST_CASE("Any red-flag answer refers the runner to medical instead of queueing", "[core]") {
  Scene s;
  auto d = s.checkin("500", {RedFlag::chest_or_breathing});
  REQUIRE(d.ok());
  CHECK(s.status("500") == TicketStatus::referred);
  CHECK(s.tent.queue().empty());
  CHECK(s.tent.history().referrals == 1);
  SECTION("and a later check-in without red flags is refused until a volunteer clears the referral") {
    CHECK(s.checkin("500").error == Error::referred);
    CHECK(s.tent.queue().empty());
  }
}

TEST_CASE("A retried check-in with the same request id never makes a second ticket", "[core]") {
  Scene s;
  REQUIRE(s.checkin("42", {}, "req-1").ok());
  s.later(5);
  auto again = s.checkin("42", {}, "req-1");
  CHECK(again.ok());
  CHECK(again.replayed);
  CHECK(again.events.empty());
  CHECK(again.existing == Bib{"42"});
  CHECK(s.tent.history().checked_in == 1);
  SECTION("even when the retry's areas or answers differ") {
    auto other = s.checkin("42", {RedFlag::dizzy_or_confused}, "req-1");
    CHECK(other.replayed);
    CHECK(s.status("42") == TicketStatus::waiting);
  }
}

TEST_CASE("A request id already used for another bib is refused, not replayed", "[core]") {
  Scene s;
  REQUIRE(s.checkin("42", {}, "req-1").ok());
  auto other = s.checkin("43", {}, "req-1");
  CHECK(other.error == Error::request_id_conflict);
  CHECK_FALSE(other.replayed);
  CHECK(other.events.empty());
  CHECK(s.tent.ticket("43") == nullptr);
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"42"});
  SECTION("the same bib with that id is still a replay") { CHECK(s.checkin("42", {}, "req-1").replayed); }
  SECTION("a referral's request id counts too") {
    REQUIRE(s.checkin("50", {RedFlag::open_wound}, "req-2").ok());
    CHECK(s.checkin("51", {}, "req-2").error == Error::request_id_conflict);
  }
}

TEST_CASE("A runner served today is refused unless repeats are allowed", "[core]") {
  Scene s;
  s.settings([](Settings& x) { x.changeover_s = 0; });
  s.open_tables(1);
  REQUIRE(s.checkin("9").ok());
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  CHECK(s.status("9") == TicketStatus::done);
  CHECK(s.checkin("9").error == Error::already_served);
  s.settings([](Settings& x) { x.allow_repeats = true; });
  REQUIRE(s.checkin("9").ok());
  CHECK(s.tent.ticket("9")->visits == 1);
}

TEST_CASE("The roster can require known bibs and rank or refuse categories", "[core]") {
  Scene s;
  REQUIRE(
      s.run(cmd::LoadRoster{{{"1", "Ann", "Lee", "marathon"}, {"2", "Bo", "Kim", "5K"}, {"3", "Cy", "Ng", "marathon"}}})
          .ok());
  s.settings([](Settings& x) { x.roster_required = true; });
  CHECK(s.checkin("99").error == Error::not_on_roster);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  CHECK(s.tent.ticket("2")->category == "5K");

  SECTION("a category with precedence goes ahead of runners who check in without it") {
    s.settings([](Settings& x) { x.priority_category = "Marathon"; });
    REQUIRE(s.checkin("3").ok());
    CHECK(s.tent.queue().bibs() == std::vector<Bib>{"3", "1", "2"});
    CHECK(s.tent.ticket("3")->priority);
  }
  SECTION("a refused category is not queued") {
    s.settings([](Settings& x) { x.refused_categories = {"5k"}; });
    REQUIRE(s.run(cmd::Remove{"2"}).ok());
    CHECK(s.checkin("2").error == Error::category_refused);
  }
  SECTION("a roster with a duplicate or bad bib is refused whole") {
    CHECK(s.run(cmd::LoadRoster{{{"5", "", "", ""}, {"5", "", "", ""}}}).error == Error::invalid_roster);
    CHECK(s.run(cmd::LoadRoster{{{"bad bib", "", "", ""}}}).error == Error::invalid_roster);
    CHECK(s.tent.roster().size() == 3);
  }
}

TEST_CASE("Past closing time the kiosk refuses but a volunteer can still add a runner", "[core]") {
  Scene s;
  s.open_tables(1);
  auto const closing = s.now + seconds(15 * 60);
  s.settings([&](Settings& x) { x.closing_at = closing; });
  REQUIRE(s.checkin("1").ok());                       // called at once: done by 0 + walk + session
  CHECK(s.checkin("2").error == Error::line_closed);  // would start after one turnover
  CHECK(s.run(cmd::CheckIn{"2", {}, {}, {}, cmd::Source::volunteer, {}}).ok());
  CHECK(s.tent.position("2") == 1);
}

TEST_CASE("A table runs call, arrival, session, changeover and calls the next runner", "[core]") {
  Scene s;
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  s.open_tables(1);
  CHECK(s.state(1) == TableState::called);  // auto-assign called the head of the queue
  CHECK(s.at_table(1) == "1");
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"2"});
  s.later(45);
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  CHECK(s.state(1) == TableState::in_session);
  CHECK(s.run(cmd::Arrive{1}).error == Error::wrong_table_state);
  s.later(600);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  CHECK(s.state(1) == TableState::changeover);
  CHECK(s.status("1") == TicketStatus::done);
  CHECK(s.tent.history().sessions_ms == std::vector<Millis>{seconds(600)});
  CHECK(s.tent.history().waits_ms == std::vector<Millis>{seconds(45)});

  SECTION("the changeover ends by itself after its seconds") {
    s.later(59);
    CHECK(s.run(cmd::Tick{}).events.empty());
    s.later(1);
    auto d = s.run(cmd::Tick{});
    CHECK(d.events.size() == 2);  // changeover ended, next runner called
    CHECK(s.at_table(1) == "2");
  }
  SECTION("or when a volunteer marks the table ready") {
    REQUIRE(s.run(cmd::MarkReady{1}).ok());
    CHECK(s.at_table(1) == "2");
    CHECK(s.tent.history().changeovers_ms == std::vector<Millis>{0});
  }
  SECTION("with changeover 0 the next runner is called straight away") {
    REQUIRE(s.run(cmd::MarkReady{1}).ok());
    s.settings([](Settings& x) { x.changeover_s = 0; });
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    REQUIRE(s.run(cmd::Finish{1}).ok());
    CHECK(s.state(1) == TableState::free);
  }
}

TEST_CASE("A called runner who does not arrive can be marked no-show after the timeout", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  s.later(179);
  CHECK(s.run(cmd::NoShow{1}).error == Error::call_not_overdue);
  s.later(1);

  SECTION("the default policy sends them back to the front once") {
    REQUIRE(s.run(cmd::NoShow{1}).ok());
    CHECK(s.at_table(1) == "2");  // the table called the next runner
    CHECK(s.tent.queue().bibs() == std::vector<Bib>{"1"});
    s.later(180);
    REQUIRE(s.run(cmd::NoShow{1}).ok());  // "2" sent back
    CHECK(s.at_table(1) == "1");
    s.later(180);
    REQUIRE(s.run(cmd::NoShow{1}).ok());  // "1" again: no second chance
    CHECK(s.status("1") == TicketStatus::no_show);
    CHECK(s.tent.history().no_shows == 3);
  }
  SECTION("the drop policy removes them") {
    s.settings([](Settings& x) { x.no_show_policy = NoShowPolicy::drop; });
    REQUIRE(s.run(cmd::NoShow{1}).ok());
    CHECK(s.status("1") == TicketStatus::no_show);
    CHECK(s.tent.queue().empty());
  }
  SECTION("time lost to the no-show is left out of the runner's wait") {
    REQUIRE(s.run(cmd::NoShow{1}).ok());
    s.later(30);
    REQUIRE(s.run(cmd::Arrive{1}).ok());  // "2" arrives
    s.later(600);
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.run(cmd::MarkReady{1}).ok());  // "1" called again
    s.later(20);
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    // check-in to first call 0 s, plus 20 s walk of the second call
    CHECK(s.tent.history().waits_ms.back() == seconds(20));
  }
}

TEST_CASE("Runners can leave, be removed, prioritised and moved", "[core]") {
  Scene s;
  for (auto b : {"1", "2", "3", "4"}) REQUIRE(s.checkin(b).ok());
  REQUIRE(s.run(cmd::Leave{"2"}).ok());
  CHECK(s.status("2") == TicketStatus::walked_out);
  REQUIRE(s.run(cmd::Remove{"3"}).ok());
  CHECK(s.status("3") == TicketStatus::removed);
  CHECK(s.run(cmd::Leave{"3"}).error == Error::not_waiting);
  CHECK(s.run(cmd::Leave{"555"}).error == Error::unknown_bib);
  REQUIRE(s.checkin("5").ok());
  REQUIRE(s.run(cmd::SetPriority{"5", true}).ok());
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"5", "1", "4"});
  REQUIRE(s.run(cmd::Move{"5", 3}).ok());
  CHECK(s.tent.queue().bibs() == std::vector<Bib>{"1", "4", "5"});
  CHECK(s.run(cmd::Move{"5", 4}).error == Error::bad_position);
  CHECK(s.run(cmd::Move{"5", 0}).error == Error::bad_position);
  CHECK(s.tent.history().walkouts == 1);
}

TEST_CASE("Table actions refuse states they do not apply to", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  CHECK(s.run(cmd::CloseTable{1}).error == Error::table_busy);
  CHECK(s.run(cmd::StartBreak{1}).error == Error::table_busy);
  CHECK(s.run(cmd::Finish{1}).error == Error::wrong_table_state);
  CHECK(s.run(cmd::OpenTable{1}).error == Error::table_busy);
  CHECK(s.run(cmd::Arrive{7}).error == Error::unknown_table);
  CHECK(s.run(cmd::CreateTable{""}).error == Error::invalid_name);
  CHECK(s.run(cmd::SetTherapist{1, std::string(41, 'x')}).error == Error::invalid_name);
  REQUIRE(s.run(cmd::SetTherapist{1, "Dana"}).ok());
  CHECK(s.tent.table(1)->therapist == "Dana");
}

TEST_CASE("An announcement over the length limit is refused as too long, not as a bad name", "[core]") {
  Scene s;
  CHECK(s.run(cmd::Announce{std::string(max_text_length + 1, 'x')}).error == Error::text_too_long);
  CHECK(s.tent.announcement().empty());
  REQUIRE(s.run(cmd::Announce{std::string(max_text_length, 'x')}).ok());
  CHECK(s.tent.announcement().size() == max_text_length);
  std::string const accents = std::string(max_text_length - 1, 'x') + "\u00e4";  // 280 characters, 281 bytes
  REQUIRE(s.run(cmd::Announce{accents}).ok());
  CHECK(s.run(cmd::Announce{accents + "\u00e4"}).error == Error::text_too_long);
  CHECK(text_length("\u00e4\U0001F3C3x") == 3);
}

TEST_CASE("A break takes a table out of service and resuming calls the next runner", "[core]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.run(cmd::StartBreak{1}).ok());
  REQUIRE(s.checkin("1").ok());
  CHECK(s.status("1") == TicketStatus::waiting);
  REQUIRE(s.run(cmd::Resume{1}).ok());
  CHECK(s.at_table(1) == "1");
}

TEST_CASE("With auto-assign off volunteers call runners by hand", "[core]") {
  Scene s;
  s.settings([](Settings& x) { x.auto_assign = false; });
  s.open_tables(2);
  CHECK(s.run(cmd::Call{1, {}}).error == Error::queue_empty);
  for (auto b : {"1", "2", "3"}) REQUIRE(s.checkin(b).ok());
  CHECK(s.state(1) == TableState::free);
  REQUIRE(s.run(cmd::Call{1, Bib{"3"}}).ok());
  CHECK(s.at_table(1) == "3");
  CHECK(s.run(cmd::Call{2, Bib{"3"}}).error == Error::not_waiting);
  SECTION("and turning auto-assign back on fills the free tables") {
    s.settings([](Settings& x) { x.auto_assign = true; });
    CHECK(s.at_table(2) == "1");
  }
}

TEST_CASE("Settings out of range are refused and change nothing", "[core]") {
  Scene s;
  auto bad = GENERATE(table<std::int32_t, std::int32_t, std::int32_t>(
      {{59, 180, 60}, {3601, 180, 60}, {600, 29, 60}, {600, 180, -1}, {600, 180, 901}}));
  Settings x;
  std::tie(x.session_target_s, x.call_timeout_s, x.changeover_s) = bad;
  CHECK(s.run(cmd::UpdateSettings{x}).error == Error::invalid_setting);
  CHECK(s.tent.settings() == Settings{});
}

TEST_CASE("Each ranged setting of the limits table is taken at its edges and refused just past them", "[core]") {
  auto const& range = GENERATE(from_range(std::begin(setting_ranges), std::end(setting_ranges)));
  INFO(range.field);
  for (auto const value : {range.min, range.max}) {
    Scene s;
    Settings x;
    x.*range.member = value;
    CHECK(s.run(cmd::UpdateSettings{x}).ok());
    CHECK(s.tent.settings().*range.member == value);
  }
  for (auto const value : {range.min - 1, range.max + 1}) {
    Scene s;
    Settings x;
    x.*range.member = value;
    CHECK(s.run(cmd::UpdateSettings{x}).error == Error::invalid_setting);
    CHECK(s.tent.settings() == Settings{});
  }
}

TEST_CASE("More refused categories than the limit are refused by the core too", "[core]") {
  Scene s;
  Settings x;
  for (std::size_t i = 0; i < max_refused_categories; ++i) x.refused_categories.push_back("c" + std::to_string(i));
  CHECK(s.run(cmd::UpdateSettings{x}).ok());
  x.refused_categories.push_back("one more");
  CHECK(s.run(cmd::UpdateSettings{x}).error == Error::invalid_setting);
  CHECK(s.tent.settings().refused_categories.size() == max_refused_categories);
}

TEST_CASE("Numbered tables are created in one step, named after the lowest free numbers", "[core]") {
  Scene s;
  REQUIRE(s.run(cmd::CreateTable{"Table 2"}).ok());
  REQUIRE(s.run(cmd::CreateTable{"By the door"}).ok());
  auto const d = s.run(cmd::CreateTable{{}, 3});
  REQUIRE(d.ok());
  CHECK(d.events.size() == 3);
  std::vector<std::string> names;
  for (auto const& t : s.tent.tables()) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"Table 2", "By the door", "Table 1", "Table 3", "Table 4"});
  CHECK(s.tent.tables().back().id == 5);
  CHECK(s.tent.tables().back().state == TableState::closed);

  SECTION("more than the tent may have is refused whole") {
    CHECK(s.run(cmd::CreateTable{{}, static_cast<std::int32_t>(max_tables) - 4}).error == Error::too_many_tables);
    CHECK(s.tent.tables().size() == 5);
    CHECK(s.run(cmd::CreateTable{{}, static_cast<std::int32_t>(max_tables) - 5}).ok());
    CHECK(s.tent.tables().size() == max_tables);
  }
  SECTION("a name and a count together are refused") {
    CHECK(s.run(cmd::CreateTable{"Window", 2}).error == Error::invalid_name);
    CHECK(s.run(cmd::CreateTable{{}, -1}).error == Error::invalid_name);
  }
}

TEST_CASE("An announcement may have a text per language, bad codes, too many or too long are refused", "[core]") {
  Scene s;
  REQUIRE(s.run(cmd::Announce{"Water at the exit", {{"de", "Wasser am Ausgang"}, {"es", "Agua en la salida"}}}).ok());
  CHECK(s.tent.announcement_translations().at("de") == "Wasser am Ausgang");
  CHECK(s.tent.state().announcement_translations.size() == 2);

  for (auto const* code : {"", "d", "DE", "de-AT", "deut", "d1"}) {
    INFO(code);
    CHECK(s.run(cmd::Announce{"x", {{code, "y"}}}).error == Error::invalid_language);
  }
  CHECK(s.run(cmd::Announce{"x", {{"de", std::string(max_text_length + 1, 'y')}}}).error == Error::text_too_long);
  std::map<std::string, std::string> many;
  for (char a = 'a'; many.size() <= max_announcement_languages; ++a) many[std::string(2, a)] = "y";
  CHECK(s.run(cmd::Announce{"x", many}).error == Error::invalid_language);
  CHECK(s.tent.announcement_translations().at("es") == "Agua en la salida");  // refusals change nothing

  // A new text without translations, or clearing the announcement, drops the old ones.
  REQUIRE(s.run(cmd::Announce{"Showers open", {}}).ok());
  CHECK(s.tent.announcement_translations().empty());
  REQUIRE(s.run(cmd::Announce{"", {{"de", "Wasser"}}}).ok());
  CHECK(s.tent.announcement().empty());
  CHECK(s.tent.announcement_translations().empty());
}
