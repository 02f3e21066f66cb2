// A roster's explicit column mapping: by header name or number, overriding the aliases, and
// refused when it names a column the file lacks.

#include "protocol/roster_columns.hpp"

#include "protocol/roster_csv.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using tent::RosterEntry;
using tent::protocol::parse_roster_columns;
using tent::protocol::parse_roster_csv;
using tent::protocol::RosterColumns;

namespace {

RosterColumns columns(std::string_view spec) {
  auto const parsed = parse_roster_columns(spec);
  INFO(parsed.error);
  REQUIRE(parsed.columns);
  return *parsed.columns;
}

constexpr char const* german =
    "Startnummer;Vorname;Nachname;Wertung\n4711;J\xC3\xBCrgen;M\xC3\xBCller;M40\n4712;Anna;Schmidt;W35\n";

}  // namespace

TEST_CASE("A mapping names each field's column as the header row names it", "[protocol]") {
  auto const r =
      parse_roster_csv(german, columns("bib=Startnummer,first_name=Vorname,last_name=Nachname,category=Wertung"));
  CHECK(r.rejected.empty());
  CHECK(r.header_error.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"4711", "J\xC3\xBCrgen", "M\xC3\xBCller", "M40"},
                                              {"4712", "Anna", "Schmidt", "W35"}});
}

TEST_CASE("Mapped names are matched as the aliases are: case, spaces and hyphens do not matter", "[protocol]") {
  auto const r = parse_roster_csv("Bib No,Given-Name,FAMILY,AG\n7,Ann,Lee,M40\n",
                                  columns("bib= bib no ,first_name=given name,last_name=family,category=ag"));
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"7", "Ann", "Lee", "M40"}});
  CHECK(columns("First-Name=Vorname").column[1] == "Vorname");  // the field's name is read the same way
}

TEST_CASE("A mapping may give a column by its number, the first being 1", "[protocol]") {
  auto const r = parse_roster_csv("Nr.;;;\n12;Ann;Lee;5k\n", columns("bib=1,first_name=2,last_name=3,category=4"));
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"12", "Ann", "Lee", "5k"}});
}

TEST_CASE("A mapped field overrides its alias and the rest are still found by theirs", "[protocol]") {
  // "Bib" is the club's own number here; the race number is "Startnummer".
  auto const r = parse_roster_csv("Bib,Startnummer,First name,Surname\n900,41,Ann,Lee\n", columns("bib=Startnummer"));
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"41", "Ann", "Lee", ""}});
  // A column a mapping took is not also another field's by its alias.
  auto const taken = parse_roster_csv("Number,Surname,Name\n5,Lee,Ann\n", columns("first_name=surname,last_name=name"));
  CHECK(taken.entries == std::vector<RosterEntry>{{"5", "Lee", "Ann", ""}});
}

TEST_CASE("A mapping that names a column the file lacks is refused, naming it and listing the header", "[protocol]") {
  auto const r = parse_roster_csv(german, columns("bib=Startnr,first_name=Vorname"));
  CHECK(r.entries.empty());
  CHECK(r.header_error ==
        "the header row has no column 'Startnr' (for bib); its 4 columns are: 'Startnummer', 'Vorname', 'Nachname', "
        "'Wertung'");
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0] == std::pair<std::size_t, std::string>{1, r.header_error});

  auto const beyond = parse_roster_csv(german, columns("category=5"));
  CHECK(beyond.entries.empty());
  CHECK_THAT(beyond.header_error, Catch::StartsWith("there is no column 5 (for category) in the header row; its 4 "
                                                    "columns are: 'Startnummer'"));

  auto const twice = parse_roster_csv(german, columns("bib=Startnummer,last_name=1"));
  CHECK(twice.entries.empty());
  CHECK(twice.header_error == "bib and last_name are both column 'Startnummer'");
}

TEST_CASE("Without a bib column, by alias or mapping, the header is refused with its columns listed", "[protocol]") {
  auto const r = parse_roster_csv(german);
  CHECK(r.entries.empty());
  CHECK_THAT(r.header_error, Catch::StartsWith("the header row has no bib (or number) column; its 4 columns are: "
                                               "'Startnummer', 'Vorname'") &&
                                 Catch::EndsWith("(name the bib's column with bib=COLUMN)"));
}

TEST_CASE("A mapping's text is checked: known fields, a column each, numbers from 1", "[protocol]") {
  auto const error = [](std::string_view spec) {
    auto const parsed = parse_roster_columns(spec);
    CHECK_FALSE(parsed.columns);
    return parsed.error;
  };
  CHECK(error("colour=Farbe") == "unknown field 'colour': the fields are bib, first_name, last_name and category");
  CHECK(error("bib") == "expected FIELD=COLUMN (bib=Startnummer), not 'bib'");
  CHECK(error("bib=") == "bib needs a column: its name in the header row, or its number (1 is the first)");
  CHECK(error("bib=0") == "bib=0: columns are numbered from 1");
  CHECK(error("bib=1,bib=2") == "bib is given twice");
  CHECK(error("") == "expected FIELD=COLUMN pairs such as bib=Startnummer");
  CHECK(columns("bib=1,,category=Wertung,").column[3] == "Wertung");  // empty items are skipped
}

TEST_CASE("A mapping's bytes that are not UTF-8 do not reach a message", "[protocol]") {
  auto const r = parse_roster_csv(german, columns("bib=Start\xFFnr\x01"));
  CHECK(r.header_error ==
        "the header row has no column 'Startnr' (for bib); its 4 columns are: 'Startnummer', "
        "'Vorname', 'Nachname', 'Wertung'");
  CHECK_NOTHROW(nlohmann::json(r.header_error).dump());
  auto const long_name = parse_roster_csv(german, columns("bib=" + std::string(60, 'x') + "\xC3\xBC"));
  CHECK_THAT(long_name.header_error, Catch::Contains("'" + std::string(40, 'x') + "...'"));
}
