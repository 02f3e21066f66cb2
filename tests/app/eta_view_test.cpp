// The wait-estimate parameters every frame carries are exact enough for a page to compute the
// server's own quote (shared/wait-estimate.js; tests/web/wait-estimate.test.mjs checks it on the
// server's quotes of random tents).

#include "app/views.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tent;

TEST_CASE("The eta view gives every duration in seconds to the millisecond", "[app]") {
  Eta e;
  e.at = 1'795'000'000'000;
  e.slots = {0, 95'500, 412'001};
  e.walk = 61'234;
  e.session = 600'000;
  e.changeover = 59'016;
  auto const v = app::eta_view(e);
  auto const ms = [](nlohmann::json const& s) { return std::llround(s.get<double>() * 1000); };
  CHECK(v.at("at") == e.at);
  REQUIRE(v.at("slots_s").size() == 3);
  CHECK(ms(v.at("slots_s")[1]) == 95'500);
  CHECK(ms(v.at("slots_s")[2]) == 412'001);
  CHECK(ms(v.at("turnover_s")) == 720'250);
  CHECK(ms(v.at("walk_s")) == 61'234);
  CHECK(ms(v.at("session_s")) == 600'000);
  // The quote rounds the milliseconds up, so a page rounding the view's seconds up agrees.
  CHECK(quote_s(wait_for(e, 2)) == 96);
  CHECK(std::ceil(v.at("slots_s")[1].get<double>()) == 96);
}
