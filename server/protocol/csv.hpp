#pragma once
// Reading a spreadsheet's CSV export, for every importer (the roster, a race's finish times):
//   - comma, semicolon or tab separated: whichever occurs most in the first row;
//   - RFC 4180 quoting ("a, b", "say ""hi"""), quoted fields may span lines; a quote that does
//     not open a field is kept as a literal (O"Brien);
//   - LF, CRLF or CR line ends; an optional UTF-8 byte order mark;
//   - UTF-8 text, or else Windows-1252 (a spreadsheet's "CSV" on Windows), transcoded.

#include "protocol/text.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tent::protocol {

// Splits CSV text into records of fields, one record per call, tracking physical lines.
class CsvReader {
public:
  CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  // Reads the next record; false at the end of the text. `line` is where the record starts.
  bool next(std::vector<std::string>& fields, std::size_t& line);

private:
  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// The text without a UTF-8 byte order mark, as UTF-8: `input` itself, or Windows-1252 text
// transcoded into `storage`.
std::string_view csv_text(std::string_view input, std::string& storage);

// The delimiter that occurs most in the first line (outside quotes); comma on a tie.
char detect_delimiter(std::string_view text);

}  // namespace tent::protocol
