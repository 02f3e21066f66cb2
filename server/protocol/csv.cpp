#include "protocol/csv.hpp"

#include <map>

namespace tent::protocol {

std::string_view csv_text(std::string_view input, std::string& storage) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (input.substr(0, bom.size()) == bom) input.remove_prefix(bom.size());
  if (valid_utf8(input)) return input;
  storage = windows1252_to_utf8(input);
  return storage;
}

bool CsvReader::next(std::vector<std::string>& fields, std::size_t& line) {
  if (pos_ >= text_.size()) return false;
  fields.assign(1, std::string());
  line = line_;
  bool quoted = false;
  while (pos_ < text_.size()) {
    char const c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          fields.back().push_back('"');
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n' || (c == '\r' && !(pos_ < text_.size() && text_[pos_] == '\n'))) ++line_;
        fields.back().push_back(c);
      }
    } else if (c == '"' && trim(fields.back()).empty()) {
      // A quote opens a quoted field only at the field's start (spaces before it are dropped);
      // elsewhere it is a literal, so a stray O"Brien cannot swallow the rest of the file.
      fields.back().clear();
      quoted = true;
    } else if (c == delimiter_) {
      fields.emplace_back();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    } else {
      fields.back().push_back(c);
    }
  }
  return true;  // last record without a line end, or an unterminated quote running to the end
}

char detect_delimiter(std::string_view text) {
  std::map<char, std::size_t> counts{{',', 0}, {';', 0}, {'\t', 0}};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (auto it = counts.find(c); it != counts.end()) ++it->second;
  }
  char best = ',';
  for (char c : {';', '\t'}) {
    if (counts[c] > counts[best]) best = c;
  }
  return best;
}

}  // namespace tent::protocol
