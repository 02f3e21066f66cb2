#include "protocol/roster_csv.hpp"

#include "core/limits.hpp"
#include "protocol/csv.hpp"
#include "protocol/text.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace tent::protocol {

namespace {

// A cell for display in a reason: printable ASCII only, cut short.
std::string shown(std::string_view cell) {
  std::string out;
  for (char c : trim(cell)) {
    if (out.size() == 20) return out + "...";
    if (c >= 0x20 && c < 0x7F) out.push_back(c);
  }
  return out;
}

// Checks one name cell; the reason it is refused, or nullopt when it is fine (and then `out`
// holds the trimmed value).
std::optional<std::string> take_name(std::string_view cell, char const* what, std::string& out) {
  std::string_view const value = trim(cell);
  if (text_length(value) > max_name_length) {
    return std::string(what) + " is over " + std::to_string(max_name_length) + " characters";
  }
  if (has_control(value)) return std::string(what) + " holds a line break or control character";
  out = std::string(value);
  return std::nullopt;
}

}  // namespace

RosterParse parse_roster_csv(std::string_view input, RosterColumns const& columns) {
  RosterParse result;
  std::string transcoded;
  input = csv_text(input, transcoded);
  CsvReader reader(input, detect_delimiter(input));
  std::vector<std::string> fields;
  std::size_t line = 1;
  if (!reader.next(fields, line)) {
    result.header_error = "the file is empty: expected a header row";
    result.rejected.emplace_back(1, result.header_error);
    return result;
  }
  auto resolved = resolve_columns(fields, columns);
  if (!resolved.error.empty()) {
    result.header_error = std::move(resolved.error);
    result.rejected.emplace_back(line, result.header_error);
    return result;
  }
  auto const index = resolved.index;
  auto cell = [&fields, &index](RosterField c) -> std::string_view {
    auto const& i = index[static_cast<std::size_t>(c)];
    return i && *i < fields.size() ? std::string_view(fields[*i]) : std::string_view();
  };

  std::map<Bib, std::size_t> first_seen;  // bib -> line
  while (reader.next(fields, line)) {
    bool const blank = std::all_of(fields.begin(), fields.end(), [](auto const& f) { return trim(f).empty(); });
    if (blank) continue;
    auto bib = normalise_bib(cell(RosterField::bib));
    if (!bib) {
      result.rejected.emplace_back(line, "bad bib '" + shown(cell(RosterField::bib)) + "'");
      continue;
    }
    if (auto const it = first_seen.find(*bib); it != first_seen.end()) {
      result.rejected.emplace_back(line,
                                   "duplicate bib " + *bib + " (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    RosterEntry entry;
    std::optional<std::string> reason = take_name(cell(RosterField::first_name), "first name", entry.first_name);
    if (!reason) reason = take_name(cell(RosterField::last_name), "last name", entry.last_name);
    if (!reason) reason = take_name(cell(RosterField::category), "category", entry.category);
    if (reason) {
      result.rejected.emplace_back(line, std::move(*reason));
      continue;
    }
    first_seen.emplace(*bib, line);
    entry.bib = std::move(*bib);
    result.entries.push_back(std::move(entry));
  }
  return result;
}

}  // namespace tent::protocol
