#pragma once
// Which column of a roster CSV holds each field. By default a field is found by its header's
// aliases (roster_csv.hpp); a mapping names the column itself, for an export with headers of its
// own (a timing company's "Startnummer;Vorname;Nachname;Wertung"). The same mapping comes from the
// command line (import-roster --columns bib=Startnummer,first_name=Vorname) and from the upload's
// query (POST /api/roster?bib=Startnummer&first_name=Vorname).
//
// A mapped column is a header name, matched as the aliases are (case, surrounding spaces, and a
// space or hyphen for '_' do not matter), or a 1-based column number ("bib=1"). A field without a
// mapping is found by its aliases, among the columns no mapping took; two fields may not map to
// one column.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tent::protocol {

enum class RosterField { bib, first_name, last_name, category };
inline constexpr std::array roster_fields = {RosterField::bib, RosterField::first_name, RosterField::last_name,
                                             RosterField::category};
// "bib", "first_name", "last_name", "category".
std::string_view to_string(RosterField field);
// A field by its name, read as a header is (so "First name" and "first-name" are first_name).
std::optional<RosterField> roster_field(std::string_view name);

struct RosterColumns {
  // The column asked for, per field (indexed by RosterField): a header name or a number; empty:
  // found by its aliases.
  std::array<std::string, roster_fields.size()> column;

  bool operator==(RosterColumns const&) const = default;
  // Sets `field_name`'s column: an error message for an unknown field, an empty column or a field
  // given twice; "" when done.
  std::string set(std::string_view field_name, std::string_view column_name);
};

// "bib=Startnummer,first_name=Vorname,...": the mapping, or an error message.
struct ColumnsParse {
  std::optional<RosterColumns> columns;
  std::string error;
};
ColumnsParse parse_roster_columns(std::string_view spec);

// The header row's column for each field (indexed by RosterField), or why the header cannot be
// used: a mapped column it lacks (naming it and listing the header's columns), two fields on one
// column, or no bib column at all.
struct ColumnIndex {
  std::array<std::optional<std::size_t>, roster_fields.size()> index;
  std::string error;
};
ColumnIndex resolve_columns(std::vector<std::string> const& header, RosterColumns const& mapping);

}  // namespace tent::protocol
