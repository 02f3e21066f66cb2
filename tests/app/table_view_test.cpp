// The staff table view carries what the therapist needs about the runner on the table: the focus
// areas from check-in and any earlier referral to medical. The public view carries neither.

#include "../core/tent_fixture.hpp"
#include "app/views.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using tent::test::Scene;

TEST_CASE("The staff table view gives the runner's focus areas and any earlier referral", "[app]") {
  Scene s;
  s.open_tables(1);
  auto const view = [&](app::Audience a) { return app::table_view(s.tent, *s.tent.table(1), a); };
  CHECK(view(app::Audience::staff).at("areas") == nlohmann::json::array());
  CHECK(view(app::Audience::staff).at("referral") == nullptr);

  // Sent to medical from the kiosk, cleared by a volunteer, then checked in with two areas.
  REQUIRE(s.checkin("500", {RedFlag::severe_cramping}).ok());
  s.later(60);
  REQUIRE(s.run(cmd::ClearReferral{"500", "volunteer"}).ok());
  REQUIRE(s.run(cmd::CheckIn{"500", {Area::hamstrings, Area::lower_back}, {}, "", cmd::Source::volunteer, {}}).ok());
  REQUIRE(s.at_table(1) == "500");  // auto-assign called the runner

  auto const staff = view(app::Audience::staff);
  CHECK(staff.at("areas") == nlohmann::json::array({"hamstrings", "lower_back"}));
  CHECK(staff.at("referral").at("from") == "kiosk");
  CHECK(staff.at("referral").at("at") == s.now - 60'000);
  CHECK(staff.at("referral").at("cleared_by") == "volunteer");
  auto const pub = view(app::Audience::public_);
  CHECK_FALSE(pub.contains("areas"));
  CHECK_FALSE(pub.contains("referral"));

  REQUIRE(s.run(cmd::Arrive{1}).ok());
  CHECK(view(app::Audience::staff).at("areas").size() == 2);
  s.later(700);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  CHECK(view(app::Audience::staff).at("areas") == nlohmann::json::array());  // nobody on the table
}
