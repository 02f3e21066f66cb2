#pragma once
// Reads a runner list exported from race registration (a spreadsheet saved as CSV) into roster
// entries, keeping every row it could not use with the reason, so the organiser can fix them.
//
// Accepted input:
//   - a header row naming the columns, case-insensitive, spaces and hyphens read as '_':
//       bib (required):  bib, number, bib_number
//       first_name:      first_name, first, firstname
//       last_name:       last_name, last, lastname, surname
//       category:        category, race, event
//     other columns are ignored; a mapping (roster_columns.hpp) may name any field's column;
//   - the CSV forms protocol/csv.hpp reads (delimiter, quoting, line ends, encoding).
// Blank rows are skipped. A row is rejected for a bad bib, a bib already seen, or a name or
// category over 40 bytes (as the core counts, see text.hpp) or holding control characters.
// Missing trailing cells are empty.

#include "core/types.hpp"
#include "protocol/roster_columns.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tent::protocol {

struct RosterParse {
  std::vector<RosterEntry> entries;
  std::vector<std::pair<std::size_t, std::string>> rejected;  // (1-based line, reason)
  // Why the header row cannot be used (the file is empty, has no bib column, or lacks a column the
  // mapping names), or "". Such a file gives no entries, and the reason is also line 1's rejection.
  std::string header_error;
};

RosterParse parse_roster_csv(std::string_view text, RosterColumns const& columns = {});

}  // namespace tent::protocol
