// The role policy: one table of who may run each op and get each REST answer, walked here row by
// row through the real dispatcher (the path REST, WebSocket and the command line share).

#include "app/policy.hpp"

#include "app/dispatcher.hpp"
#include "protocol/decode.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using nlohmann::json;
using namespace tent;
using auth::Role;
using Kind = app::Permission::Kind;

namespace {

constexpr Millis t0 = 1'795'000'000'000;
constexpr Role roles[] = {Role::display, Role::kiosk, Role::volunteer, Role::organiser};

}  // namespace

TEST_CASE("The policy has one row per op the decoder knows, and no op the decoder does not know", "[app]") {
  std::set<std::string_view> decoded, permitted;
  for (auto op : protocol::ops()) decoded.insert(op);
  std::set<std::pair<Kind, std::string_view>> rows;
  for (auto const& p : app::permissions()) {
    INFO(p.name);
    CHECK(rows.insert({p.kind, p.name}).second);  // no row twice
    CHECK(p.least != Role::none);
    if (p.kind == Kind::op) permitted.insert(p.name);
  }
  CHECK(permitted == decoded);
}

TEST_CASE("Each op needs its least role, and an unknown op has none", "[app]") {
  auto [op, role] = GENERATE(table<std::string, std::optional<Role>>({
      {"checkin", Role::kiosk},
      {"leave", Role::kiosk},
      {"add_runner", Role::volunteer},
      {"remove", Role::volunteer},
      {"priority", Role::volunteer},
      {"move", Role::volunteer},
      {"table_create", Role::volunteer},
      {"table_rename", Role::volunteer},
      {"therapist", Role::volunteer},
      {"open", Role::volunteer},
      {"close", Role::volunteer},
      {"break", Role::volunteer},
      {"resume", Role::volunteer},
      {"ready", Role::volunteer},
      {"recall", Role::volunteer},
      {"arrived", Role::volunteer},
      {"finish", Role::volunteer},
      {"no_show", Role::volunteer},
      {"undo", Role::volunteer},
      {"call", Role::volunteer},
      {"settings", Role::organiser},
      {"roster", Role::organiser},
      {"announce", Role::organiser},
      {"ack_referral", Role::volunteer},
      {"clear_referral", Role::volunteer},
      {"tick", std::nullopt},
      {"", std::nullopt},
      {"Checkin", std::nullopt},
      {"stats", std::nullopt},
  }));
  CAPTURE(op);
  CHECK(app::least_role(Kind::op, op) == role);
}

TEST_CASE("Statistics, the export and the kiosk key are the organiser's, the other answers anyone's", "[app]") {
  auto [answer, role] = GENERATE(table<std::string, std::optional<Role>>({
      {"stats", Role::organiser},
      {"export", Role::organiser},
      {"kiosk_key", Role::organiser},
      {"state", Role::display},
      {"ticket", Role::display},
      {"settings", Role::display},
      {"languages", Role::display},
      {"health", Role::display},
      {"home", Role::display},
      {"checkin", std::nullopt},
  }));
  CAPTURE(answer);
  CHECK(app::least_role(Kind::answer, answer) == role);
}

TEST_CASE("Volunteers and organisers are staff and see the staff view, nobody else is", "[app]") {
  auto [role, staff] = GENERATE(table<Role, bool>({
      {Role::none, false},
      {Role::display, false},
      {Role::kiosk, false},
      {Role::volunteer, true},
      {Role::organiser, true},
  }));
  CAPTURE(auth::to_string(role));
  CHECK(app::is_staff(role) == staff);
  CHECK((app::audience_of(role) == app::Audience::staff) == staff);
}

TEST_CASE("Every row refuses the roles below it (401 for the public, 403 for staff) and allows the rest", "[app]") {
  for (auto const& p : app::permissions()) {
    for (Role const have : roles) {
      INFO(p.name << " as " << auth::to_string(have));
      auto const refused = app::refusal(have, p.least);
      if (auth::allows(have, p.least)) {
        CHECK_FALSE(refused);
        continue;
      }
      REQUIRE(refused);
      CHECK(refused->status == (app::is_staff(have) ? 403 : 401));
      CHECK(refused->code == (app::is_staff(have) ? "forbidden" : "unauthorized"));
      // The kiosk role is granted by the kiosk key, the others by a PIN.
      CHECK_THAT(refused->message, Catch::Contains(p.least == Role::kiosk ? "kiosk key" : "PIN"));
    }
  }
}

TEST_CASE("The dispatcher runs every op only for the roles the policy allows", "[app]") {
  store::EventStore store(":memory:");
  app::Dispatcher dispatcher(store, nullptr);
  for (auto const& p : app::permissions()) {
    if (p.kind != Kind::op) continue;
    for (Role const have : roles) {
      INFO(p.name << " as " << auth::to_string(have));
      // Empty params: an allowed op gets as far as the decoder (missing_field) or runs (settings).
      auto const reply = dispatcher.execute(p.name, json::object(), have, t0);
      auto const expected = app::refusal(have, p.least);
      if (expected) {
        CHECK(reply.status == expected->status);
        CHECK(reply.body.at("error").at("code") == expected->code);
      } else {
        CHECK(reply.status != 401);
        CHECK(reply.status != 403);
      }
    }
  }
  CHECK(dispatcher.seq() <= 1);  // at most the organiser's empty settings change was committed
}
