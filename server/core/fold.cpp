#include "core/fold.hpp"

#include <algorithm>
#include <memory>
#include <unicode/ucasemap.h>

namespace tent {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
  return out;
}

bool ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string fold_case(std::string_view utf8) {
  if (ascii(utf8)) return lower_ascii(utf8);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCaseMap, decltype(&ucasemap_close)> map(ucasemap_open(nullptr, U_FOLD_CASE_DEFAULT, &status),
                                                           &ucasemap_close);
  if (U_FAILURE(status)) return lower_ascii(utf8);
  std::string out(utf8.size() + 8, '\0');
  auto fold = [&] {
    return ucasemap_utf8FoldCase(map.get(), out.data(), static_cast<std::int32_t>(out.size()), utf8.data(),
                                 static_cast<std::int32_t>(utf8.size()), &status);
  };
  auto n = fold();
  if (status == U_BUFFER_OVERFLOW_ERROR) {  // a text that grows as it folds ("ß" is "ss")
    status = U_ZERO_ERROR;
    out.resize(static_cast<std::size_t>(n));
    n = fold();
  }
  if (U_FAILURE(status)) return lower_ascii(utf8);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool equal_folded(std::string_view a, std::string_view b) {
  if (ascii(a) && ascii(b))
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; };
             return lower(static_cast<unsigned char>(x)) == lower(static_cast<unsigned char>(y));
           });
  return fold_case(a) == fold_case(b);
}

}  // namespace tent
