// The organiser's CSV upload with the columns named in its query, as import-roster --columns names
// them: the same parser, and a header it cannot use loads nothing.

#include "live_tent.hpp"

#include <catch2/catch.hpp>

using namespace tent::app::test;
using verb = tent::net::http::verb;

namespace {

constexpr char const* german = "Startnummer;Vorname;Nachname;Wertung\n4711;Jana;Novak;W35\n4712;Olaf;Berg;M40\n";

}  // namespace

TEST_CASE("A CSV upload takes each field's column from the query, by name or number", "[app]") {
  LiveTent t;
  auto const preview = t.request(verb::post, "/api/roster?dry_run=1&bib=Startnummer&first_name=2&last_name=NACHNAME",
                                 german, organiser_pin, "text/csv");
  REQUIRE(preview.status == 200);
  CHECK(preview.body.at("accepted") == 2);
  CHECK(preview.body.at("preview").at(0) ==
        json{{"bib", "4711"}, {"first_name", "Jana"}, {"last_name", "Novak"}, {"category", ""}});
  auto const loaded =
      t.request(verb::post, "/api/roster?bib=Startnummer&first_name=Vorname&last_name=Nachname&category=Wertung",
                german, organiser_pin, "text/csv");
  REQUIRE(loaded.status == 200);
  CHECK(loaded.body.at("accepted") == 2);
  CHECK(loaded.body.at("rejected").empty());
  CHECK(t.get("/api/state", volunteer_pin).body.at("roster_size") == 2);
  REQUIRE(t.post("/api/checkins", {{"bib", "4712"}}).status == 201);
  CHECK(t.get("/api/state", volunteer_pin).text.find("Olaf Berg") != std::string::npos);
  auto const exported = t.get("/api/export/sessions.csv", organiser_pin).text;
  CHECK(exported.find("4712,Olaf,Berg,M40,waiting") != std::string::npos);
}

TEST_CASE("An upload whose header lacks a mapped column, or any bib column, is refused and changes nothing", "[app]") {
  LiveTent t;
  REQUIRE(t.request(verb::post, "/api/roster?bib=1", german, organiser_pin, "text/csv").status == 200);
  auto const seq = t.seq();
  auto const missing = t.request(verb::post, "/api/roster?bib=Startnr", german, organiser_pin, "text/csv");
  CHECK(missing.status == 422);
  CHECK(missing.body.at("error").at("code") == "invalid_roster");
  CHECK(missing.body.at("error").at("message") ==
        "The roster was not loaded: the header row has no column 'Startnr' (for bib); its 4 columns are: "
        "'Startnummer', 'Vorname', 'Nachname', 'Wertung'.");
  auto const no_bib = t.request(verb::post, "/api/roster", german, organiser_pin, "text/csv");
  CHECK(no_bib.status == 422);
  CHECK(no_bib.body.at("error").at("code") == "invalid_roster");
  auto const bad = t.request(verb::post, "/api/roster?category=0", german, organiser_pin, "text/csv");
  CHECK(bad.status == 422);
  CHECK(bad.body.at("error").at("code") == "invalid_field");
  CHECK(t.seq() == seq);
  CHECK(t.get("/api/state", volunteer_pin).body.at("roster_size") == 2);
  // A dry run still shows why, as a rejection of line 1.
  auto const preview = t.request(verb::post, "/api/roster?dry_run=1&bib=Startnr", german, organiser_pin, "text/csv");
  REQUIRE(preview.status == 200);
  CHECK(preview.body.at("accepted") == 0);
  CHECK(preview.body.at("rejected").at(0).at("line") == 1);
}
