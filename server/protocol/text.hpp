#pragma once
// Small text rules shared by the decoder and the roster importer, so that a name accepted from
// JSON is accepted from CSV and the other way round.
// Lengths are characters (code points), as the core counts them (a name the decoder accepts must
// not be refused by the core).
// Every input reaching these functions is expected to be valid UTF-8 (the JSON parser guarantees
// it; the CSV importer transcodes first).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tent::protocol {

// Removes leading and trailing whitespace: ASCII (space, tab, CR, LF, FF, VT) and the Unicode
// spaces a phone or a paste brings (no-break, thin, ideographic, a byte order mark…).
std::string_view trim(std::string_view text);

bool valid_utf8(std::string_view text);

// Reads bytes that are not UTF-8 as Windows-1252, the usual encoding of a CSV saved by a
// spreadsheet on Windows, and returns them as UTF-8.
std::string windows1252_to_utf8(std::string_view text);

// True when the text holds a control character (below 0x20, DEL, U+0080..U+009F) or a Unicode
// line or paragraph separator (U+2028, U+2029). `allow_newline` lets '\n' through, for
// multi-line announcements.
bool has_control(std::string_view text, bool allow_newline = false);

// A person's, table's or tent's name: trimmed, 0..max_name_length characters, no control
// characters. nullopt when the rule fails; `allow_empty` decides whether "" passes.
std::optional<std::string> clean_name(std::string_view raw, bool allow_empty);

}  // namespace tent::protocol
