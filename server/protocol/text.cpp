#include "protocol/text.hpp"

#include "core/limits.hpp"

#include <array>
#include <cstdint>

namespace tent::protocol {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Spaces beyond ASCII that a phone's keyboard or a pasted name brings along: no-break (U+00A0),
// the typographic ones (U+2000..U+200B, U+202F, U+205F), ideographic (U+3000) and a byte order mark.
constexpr std::array<std::string_view, 17> unicode_spaces = {"\u00A0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004",
                                                             "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200A",
                                                             "\u200B", "\u202F", "\u205F", "\u3000", "\uFEFF"};

// The length of the space `text` starts (or, `at_end`, ends) with; 0 if none.
std::size_t space_at(std::string_view text, bool at_end) {
  if (text.empty()) return 0;
  if (is_space(at_end ? text.back() : text.front())) return 1;
  for (auto const space : unicode_spaces)
    if (at_end ? text.ends_with(space) : text.starts_with(space)) return space.size();
  return 0;
}

// A line break or control character beyond ASCII: C1 controls (U+0080..U+009F, NEL among them) and
// the line and paragraph separators (U+2028, U+2029). `at` is the index of a lead byte.
bool unicode_break(std::string_view text, std::size_t at) {
  auto const byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  if (byte(at) == 0xC2) return byte(at + 1) >= 0x80 && byte(at + 1) <= 0x9F;
  return byte(at) == 0xE2 && byte(at + 1) == 0x80 && (byte(at + 2) == 0xA8 || byte(at + 2) == 0xA9);
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Windows-1252 0x80..0x9F; the rest of the upper half equals Latin-1 (U+00A0..U+00FF).
// Unassigned positions map to U+FFFD.
constexpr std::array<std::uint16_t, 32> cp1252_high = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                                       0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

std::string_view trim(std::string_view text) {
  while (auto const n = space_at(text, false)) text.remove_prefix(n);
  while (auto const n = space_at(text, true)) text.remove_suffix(n);
  return text;
}

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto const b = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
      cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2;
      cp = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      auto const c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string windows1252_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    auto const b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else if (b < 0xA0) {
      append_utf8(out, cp1252_high[b - 0x80u]);
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

bool has_control(std::string_view text, bool allow_newline) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto const b = static_cast<unsigned char>(text[i]);
    if (b == '\n' && allow_newline) continue;
    if (b < 0x20 || b == 0x7F || unicode_break(text, i)) return true;
  }
  return false;
}

std::optional<std::string> clean_name(std::string_view raw, bool allow_empty) {
  std::string_view const name = trim(raw);
  if (name.empty() && !allow_empty) return std::nullopt;
  if (text_length(name) > max_name_length || has_control(name)) return std::nullopt;
  return std::string(name);
}

}  // namespace tent::protocol
