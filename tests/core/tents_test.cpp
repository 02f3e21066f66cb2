// Several tents in one event: each its own Tent, and a bib in line at one tent at a time.

#include "core/tents.hpp"

#include <catch2/catch.hpp>

using namespace tent;

namespace {

constexpr Millis t0 = 1'700'000'000'000;

// Decides and applies at a tent, as the dispatcher does; returns the decision.
Decision run(Tents& tents, TentId const& id, Command const& c, Millis now = t0) {
  auto d = tents.decide(id, c, now);
  if (d.ok() && !d.events.empty()) {
    auto const* created = std::get_if<cmd::CreateTent>(&c);
    tents.apply(created ? created->id : id, Batch{now, d.events});
  }
  return d;
}

Decision checkin(Tents& tents, TentId const& id, Bib bib, std::vector<RedFlag> flags = {}) {
  return run(tents, id, cmd::CheckIn{std::move(bib), {Area::calves}, std::move(flags), {}, cmd::Source::kiosk, {}});
}

void open_table(Tents& tents, TentId const& id) {
  REQUIRE(run(tents, id, cmd::CreateTable{"Table 1"}).ok());
  REQUIRE(run(tents, id, cmd::OpenTable{1}).ok());
}

}  // namespace

TEST_CASE("A tent id is 1 to 32 lowercase letters, digits and dashes, not starting with a dash", "[core][tents]") {
  CHECK(valid_tent_id("finish-a"));
  CHECK(valid_tent_id("2"));
  CHECK(valid_tent_id(std::string(32, 'a')));
  CHECK_FALSE(valid_tent_id(""));
  CHECK_FALSE(valid_tent_id(std::string(33, 'a')));
  CHECK_FALSE(valid_tent_id("-a"));
  CHECK_FALSE(valid_tent_id("Finish"));
  CHECK_FALSE(valid_tent_id("a b"));
  CHECK_FALSE(valid_tent_id("a/b"));
  CHECK_FALSE(valid_tent_id("caf\xC3\xA9"));
}

TEST_CASE("An event starts with the first tent alone, at seq 0", "[core][tents]") {
  Tents tents;
  REQUIRE(tents.all().size() == 1);
  CHECK(tents.find("") != nullptr);
  CHECK(tents.find("family") == nullptr);
  CHECK(tents.seq("") == 0);
}

TEST_CASE("A new tent copies the first tent's settings under its own name, and its roster, but no tables",
          "[core][tents]") {
  Tents tents;
  Settings s = tents.first().settings();
  s.changeover_s = 30;
  s.medical_directions = "Behind the finish arch";
  REQUIRE(run(tents, "", cmd::UpdateSettings{s}).ok());
  REQUIRE(run(tents, "", cmd::LoadRoster{{{"7", "Ana", "Silva", "Marathon"}, {"8", "Ben", "Okafor", "10k"}}}).ok());
  open_table(tents, "");

  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  auto const* family = tents.find("family");
  REQUIRE(family != nullptr);
  CHECK(family->settings().tent_name == "Family area");
  CHECK(family->settings().changeover_s == 30);
  CHECK(family->settings().medical_directions == "Behind the finish arch");
  CHECK(family->roster().size() == 2);
  CHECK(family->roster_entry("7")->first_name == "Ana");
  CHECK(family->tables().empty());
  CHECK(tents.seq("family") == 1);
  CHECK(tents.first().settings().tent_name == "Massage tent");
}

TEST_CASE("Creating a tent refuses a bad id, a bad name, an id in use and a seventeenth tent", "[core][tents]") {
  Tents tents;
  CHECK(run(tents, "", cmd::CreateTent{"Family", "Family area"}).error == Error::invalid_tent_id);
  CHECK(run(tents, "", cmd::CreateTent{"", "Family area"}).error == Error::invalid_tent_id);
  CHECK(run(tents, "", cmd::CreateTent{"family", ""}).error == Error::invalid_name);
  CHECK(run(tents, "", cmd::CreateTent{"family", std::string(41, 'x')}).error == Error::invalid_name);
  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  CHECK(run(tents, "", cmd::CreateTent{"family", "Again"}).error == Error::tent_exists);
  for (std::size_t i = tents.all().size(); i < max_tents; ++i)
    REQUIRE(run(tents, "", cmd::CreateTent{"t" + std::to_string(i), "Tent " + std::to_string(i)}).ok());
  CHECK(run(tents, "", cmd::CreateTent{"one-more", "One more"}).error == Error::too_many_tents);
  CHECK(tents.all().size() == max_tents);
}

TEST_CASE("A bib waiting, called or on a table at one tent is refused at another, saying where", "[core][tents]") {
  Tents tents;
  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  REQUIRE(checkin(tents, "family", "123").ok());

  auto const refused = checkin(tents, "", "123");
  CHECK(refused.error == Error::waiting_elsewhere);
  CHECK(refused.elsewhere == "family");
  CHECK(refused.existing == Bib("123"));
  CHECK(tents.first().ticket("123") == nullptr);  // nothing changed

  // Called to a table, then on it: still in line there.
  open_table(tents, "family");
  REQUIRE(tents.find("family")->ticket("123")->status == TicketStatus::called);
  CHECK(checkin(tents, "", "123").error == Error::waiting_elsewhere);
  REQUIRE(run(tents, "family", cmd::Arrive{1}).ok());
  CHECK(checkin(tents, "", "123").error == Error::waiting_elsewhere);
  // A volunteer adding the runner is refused the same way.
  CHECK(run(tents, "", cmd::CheckIn{"123", {}, {}, {}, cmd::Source::volunteer, {}}).error == Error::waiting_elsewhere);

  // Served there, the runner may queue here (repeats are per tent, as the settings are).
  REQUIRE(run(tents, "family", cmd::Finish{1}).ok());
  CHECK(checkin(tents, "", "123").ok());
  CHECK(tents.first().ticket("123")->status == TicketStatus::waiting);
  // And now the other way round.
  CHECK(checkin(tents, "family", "123").error != Error::none);
}

TEST_CASE("A runner who left the line at one tent may join another", "[core][tents]") {
  Tents tents;
  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  REQUIRE(checkin(tents, "", "55").ok());
  REQUIRE(run(tents, "", cmd::Leave{"55"}).ok());
  CHECK(checkin(tents, "family", "55").ok());
}

TEST_CASE("A red flag at another tent's kiosk still refers the runner to medical", "[core][tents]") {
  Tents tents;
  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  REQUIRE(checkin(tents, "", "9").ok());
  auto const d = checkin(tents, "family", "9", {RedFlag::chest_or_breathing});
  REQUIRE(d.ok());
  CHECK(std::holds_alternative<ev::Referred>(d.events.at(0)));
}

TEST_CASE("Each tent counts its own batches, whatever the others do", "[core][tents]") {
  Tents tents;
  REQUIRE(checkin(tents, "", "1").ok());
  REQUIRE(run(tents, "", cmd::CreateTent{"family", "Family area"}).ok());
  REQUIRE(checkin(tents, "family", "2").ok());
  REQUIRE(checkin(tents, "family", "3").ok());
  REQUIRE(checkin(tents, "", "4").ok());
  CHECK(tents.seq("") == 2);
  CHECK(tents.seq("family") == 3);
  CHECK(tents.first().queue().size() == 2);
  CHECK(tents.find("family")->queue().size() == 2);
}

TEST_CASE("A single tent refuses to create a tent: only the event's tents decide it", "[core][tents]") {
  Tent tent;
  CHECK(tent.decide(cmd::CreateTent{"family", "Family area"}, t0).error == Error::tent_exists);
}
