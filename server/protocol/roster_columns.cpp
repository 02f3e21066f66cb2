#include "protocol/roster_columns.hpp"

#include "protocol/text.hpp"

#include <algorithm>
#include <charconv>

namespace tent::protocol {

namespace {

constexpr std::size_t at(RosterField f) { return static_cast<std::size_t>(f); }

// A header name as it is compared: trimmed, ASCII lowercase, spaces and hyphens read as '_'.
std::string key_of(std::string_view name) {
  std::string key(trim(name));
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  return key;
}

// The field whose alias `header` is, if any.
std::optional<RosterField> alias_of(std::string_view header) {
  auto const key = key_of(header);
  if (key == "bib" || key == "number" || key == "bib_number") return RosterField::bib;
  if (key == "first_name" || key == "first" || key == "firstname") return RosterField::first_name;
  if (key == "last_name" || key == "last" || key == "lastname" || key == "surname") return RosterField::last_name;
  if (key == "category" || key == "race" || key == "event") return RosterField::category;
  return std::nullopt;
}

// A 1-based column number, or nullopt when `text` is not one.
std::optional<std::size_t> column_number(std::string_view text) {
  text = trim(text);
  std::size_t n = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// A name for a message: without control characters, cut to 40 bytes on a character boundary, and
// valid UTF-8 (a mapping from a query may hold any bytes): printable ASCII only when it is not.
std::string shown(std::string_view text) {
  bool const utf8 = valid_utf8(text);
  std::string out;
  for (char c : trim(text)) {
    auto const u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F && (utf8 || u < 0x80)) out.push_back(c);
  }
  if (out.size() <= 40) return out;
  std::size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return out.substr(0, cut) + "...";
}

// "its columns are: 'Bib', 'Vorname', ..." (the first 20).
std::string listing(std::vector<std::string> const& header) {
  std::string out = "its " + std::to_string(header.size()) + (header.size() == 1 ? " column is: " : " columns are: ");
  for (std::size_t i = 0; i < header.size() && i < 20; ++i) out += (i ? ", '" : "'") + shown(header[i]) + "'";
  if (header.size() > 20) out += ", ...";
  return out;
}

}  // namespace

std::string_view to_string(RosterField field) {
  switch (field) {
    case RosterField::bib:
      return "bib";
    case RosterField::first_name:
      return "first_name";
    case RosterField::last_name:
      return "last_name";
    case RosterField::category:
      return "category";
  }
  return "bib";
}

std::optional<RosterField> roster_field(std::string_view name) {
  auto const key = key_of(name);
  for (auto f : roster_fields)
    if (key == to_string(f)) return f;
  return std::nullopt;
}

std::string RosterColumns::set(std::string_view field_name, std::string_view column_name) {
  auto const field = roster_field(field_name);
  if (!field)
    return "unknown field '" + shown(field_name) + "': the fields are bib, first_name, last_name and category";
  auto const name = trim(column_name);
  if (name.empty())
    return std::string(to_string(*field)) +
           " needs a column: its name in the header row, or its number (1 is the first)";
  if (auto const n = column_number(name); n && *n == 0)
    return std::string(to_string(*field)) + "=0: columns are numbered from 1";
  auto& slot = column[at(*field)];
  if (!slot.empty()) return std::string(to_string(*field)) + " is given twice";
  slot = std::string(name);
  return {};
}

ColumnsParse parse_roster_columns(std::string_view spec) {
  RosterColumns columns;
  while (!spec.empty()) {
    auto const comma = spec.find(',');
    auto const item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (trim(item).empty()) continue;
    auto const eq = item.find('=');
    if (eq == std::string_view::npos)
      return {std::nullopt, "expected FIELD=COLUMN (bib=Startnummer), not '" + shown(item) + "'"};
    if (auto error = columns.set(item.substr(0, eq), item.substr(eq + 1)); !error.empty()) return {std::nullopt, error};
  }
  if (columns == RosterColumns{}) return {std::nullopt, "expected FIELD=COLUMN pairs such as bib=Startnummer"};
  return {columns, {}};
}

ColumnIndex resolve_columns(std::vector<std::string> const& header, RosterColumns const& mapping) {
  ColumnIndex out;
  for (auto const field : roster_fields) {
    auto const& wanted = mapping.column[at(field)];
    if (wanted.empty()) continue;
    std::optional<std::size_t> found;
    if (auto const n = column_number(wanted)) {
      if (*n > header.size()) {
        out.error = "there is no column " + std::to_string(*n) + " (for " + std::string(to_string(field)) +
                    ") in the header row; " + listing(header);
        return out;
      }
      found = *n - 1;
    } else {
      auto const key = key_of(wanted);
      auto const it = std::find_if(header.begin(), header.end(), [&](auto const& h) { return key_of(h) == key; });
      if (it == header.end()) {
        out.error = "the header row has no column '" + shown(wanted) + "' (for " + std::string(to_string(field)) +
                    "); " + listing(header);
        return out;
      }
      found = static_cast<std::size_t>(it - header.begin());
    }
    for (auto const other : roster_fields)
      if (out.index[at(other)] == found) {
        out.error = std::string(to_string(other)) + " and " + std::string(to_string(field)) + " are both column '" +
                    shown(header[*found]) + "'";
        return out;
      }
    out.index[at(field)] = found;
  }
  // The rest by their aliases, among the columns no mapping took.
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto const field = alias_of(header[i]);
    if (!field || out.index[at(*field)]) continue;
    bool const taken = std::any_of(out.index.begin(), out.index.end(), [i](auto const& x) { return x == i; });
    if (!taken) out.index[at(*field)] = i;
  }
  if (!out.index[at(RosterField::bib)])
    out.error =
        "the header row has no bib (or number) column; " + listing(header) + " (name the bib's column with bib=COLUMN)";
  return out;
}

}  // namespace tent::protocol
