#include "core/limits.hpp"
#include "core/types.hpp"

#include <cctype>

namespace tent {

std::optional<Bib> normalise_bib(std::string_view raw) {
  auto const first = raw.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  auto const last = raw.find_last_not_of(" \t");
  auto const trimmed = raw.substr(first, last - first + 1);
  if (trimmed.size() > max_bib_length) return std::nullopt;
  Bib bib;
  bib.reserve(trimmed.size());
  for (char c : trimmed) {
    auto const u = static_cast<unsigned char>(c);
    if (u >= 0x80 || !std::isalnum(u)) return std::nullopt;
    bib.push_back(static_cast<char>(std::toupper(u)));
  }
  return bib;
}

}  // namespace tent
