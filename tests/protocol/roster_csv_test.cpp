#include "protocol/roster_csv.hpp"

#include <catch2/catch.hpp>

using tent::RosterEntry;
using tent::protocol::parse_roster_csv;
using Rejected = std::vector<std::pair<std::size_t, std::string>>;

TEST_CASE("A plain comma-separated roster is read row by row", "[protocol]") {
  auto const r = parse_roster_csv("bib,first_name,last_name,category\n101,Ann,Lee,marathon\n102,Bo,Ng,10k\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"101", "Ann", "Lee", "marathon"}, {"102", "Bo", "Ng", "10k"}});
}

TEST_CASE("Header names are recognised in their common variants", "[protocol]") {
  auto [header, bib, first, last, category] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"bib,first_name,last_name,category", "7", "Ann", "Lee", "5k"},
          {"Number,First,Last,Race", "7", "Ann", "Lee", "5k"},
          {"NUMBER,FirstName,Surname,Event", "7", "Ann", "Lee", "5k"},
          {" Bib , first name , last-name , CATEGORY ", "7", "Ann", "Lee", "5k"},
          {"bib number,firstname,lastname,event", "7", "Ann", "Lee", "5k"},
      }));
  auto const r = parse_roster_csv(header + "\n7,Ann,Lee,5k\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{bib, first, last, category}});
}

TEST_CASE("Only the bib column is required and columns may come in any order", "[protocol]") {
  auto const r = parse_roster_csv("club,surname,bib\nHarriers,Lee,55\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"55", "", "Lee", ""}});
}

TEST_CASE("A header without a bib column gives no entries and says why", "[protocol]") {
  auto const r = parse_roster_csv("name,race\nAnn,5k\n");
  CHECK(r.entries.empty());
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0].first == 1);
  CHECK_THAT(r.rejected[0].second, Catch::Contains("bib"));
  CHECK(parse_roster_csv("").rejected.size() == 1);
}

TEST_CASE("Semicolon-separated rosters are detected from the header", "[protocol]") {
  auto const r = parse_roster_csv("Bib;First;Last;Race\n12;Zoë;Müller, Jr;Marathon\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"12", "Zoë", "Müller, Jr", "Marathon"}});
}

TEST_CASE("Tab-separated rosters are detected from the header", "[protocol]") {
  auto const r = parse_roster_csv("bib\tfirst\n12\tAnn\n");
  CHECK(r.entries == std::vector<RosterEntry>{{"12", "Ann", "", ""}});
}

TEST_CASE("Quoted fields keep embedded commas, quotes and line breaks out of the structure", "[protocol]") {
  auto const r = parse_roster_csv(
      "bib,first_name,last_name,category\n"
      "1,\"Ann, the second\",\"O\"\"Brien\",\"5k\"\n"
      "\"2\",\"Bo\",\"Ng\",\"\"\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"1", "Ann, the second", "O\"Brien", "5k"}, {"2", "Bo", "Ng", ""}});
}

TEST_CASE("A byte order mark and CRLF line ends are handled", "[protocol]") {
  auto const r = parse_roster_csv(
      "\xEF\xBB\xBF"
      "bib,first\r\n1,Ann\r\n\r\n2,Bo\r\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"1", "Ann", "", ""}, {"2", "Bo", "", ""}});
}

TEST_CASE("A final row without a line end is read", "[protocol]") {
  auto const r = parse_roster_csv("bib\n1\n2");
  CHECK(r.entries.size() == 2);
}

TEST_CASE("Bibs are normalised as at the kiosk", "[protocol]") {
  auto const r = parse_roster_csv("bib\n  a12 \n");
  CHECK(r.entries == std::vector<RosterEntry>{{"A12", "", "", ""}});
}

TEST_CASE("Blank lines are skipped and short rows are padded", "[protocol]") {
  auto const r = parse_roster_csv("bib,first,last\n\n1\n , , \n2,Bo\n\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"1", "", "", ""}, {"2", "Bo", "", ""}});
}

TEST_CASE("Bad rows are rejected with their line numbers and reasons", "[protocol]") {
  std::string const long_name(41, 'x');
  auto const r = parse_roster_csv(
      "bib,first,last,category\n"  // line 1
      "1,Ann,Lee,5k\n"             // 2
      "12-34,Bad,Bib,5k\n"         // 3: bad bib
      "\n"                         // 4: blank
      "1,Again,Lee,5k\n"           // 5: duplicate of line 2
      "2," +
      long_name + ",Lee,5k\n" +     // 6: first name too long
      "3,\"Multi\nLine\",Lee,5k\n"  // 7-8: a name with a line break
      ",No,Bib,5k\n"                // 9: no bib
      "4,Dee,Ok,10k\n");            // 10
  CHECK(r.entries == std::vector<RosterEntry>{{"1", "Ann", "Lee", "5k"}, {"4", "Dee", "Ok", "10k"}});
  REQUIRE(r.rejected.size() == 5);
  CHECK(r.rejected[0].first == 3);
  CHECK_THAT(r.rejected[0].second, Catch::Contains("bad bib") && Catch::Contains("12-34"));
  CHECK(r.rejected[1].first == 5);
  CHECK_THAT(r.rejected[1].second, Catch::Contains("duplicate") && Catch::Contains("line 2"));
  CHECK(r.rejected[2].first == 6);
  CHECK_THAT(r.rejected[2].second, Catch::Contains("first name"));
  CHECK(r.rejected[3].first == 7);
  CHECK(r.rejected[4].first == 9);
}

TEST_CASE("Names of exactly 40 characters are accepted", "[protocol]") {
  std::string const name(40, 'y');
  auto const r = parse_roster_csv("bib,last\n1," + name + "\n");
  CHECK(r.rejected.empty());
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].last_name == name);
}

TEST_CASE("A Windows-1252 file is read as UTF-8", "[protocol]") {
  // "Zoë;Müller" as saved by a spreadsheet on Windows: ë = 0xEB, ü = 0xFC.
  auto const r = parse_roster_csv("bib;first;last\n5;Zo\xEB;M\xFCller\n");
  CHECK(r.entries == std::vector<RosterEntry>{{"5", "Zoë", "Müller", ""}});
}

TEST_CASE("A quote inside an unquoted field is kept as a literal", "[protocol]") {
  auto const r = parse_roster_csv("bib,last,first\n1,O\"Brien,Ann\n2, \"Lee, Jr\" ,Bo\n");
  CHECK(r.rejected.empty());
  CHECK(r.entries == std::vector<RosterEntry>{{"1", "Ann", "O\"Brien", ""}, {"2", "Bo", "Lee, Jr", ""}});
}
