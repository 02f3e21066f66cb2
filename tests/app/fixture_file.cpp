#include "fixture_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace tent::app::test {

namespace {

std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "line N: <committed line>" for the first line where the two texts differ.
std::string first_difference(std::string_view a, std::string_view b) {
  std::size_t line = 1, start = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  auto const end = a.find('\n', start);
  auto const shown =
      a.substr(start, std::min<std::size_t>(end == std::string_view::npos ? a.size() - start : end - start, 300));
  return "line " + std::to_string(line) + ": " + std::string(shown);
}

}  // namespace

void check_or_update_fixture(std::string const& name, std::string const& text) {
  auto const path = std::string(TENT_FIXTURES_DIR) + "/" + name;
  char const* update = std::getenv("TENT_UPDATE_FIXTURES");
  if (update && std::string_view(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    REQUIRE(out.good());
    WARN("rewrote " << path);
    return;
  }
  auto const committed = read_file(path);
  if (committed == text) return;
  FAIL(path << " is not what the server produces now (first difference at "
            << (committed.empty() ? std::string("the start: the file is missing or empty")
                                  : first_difference(committed, text))
            << "). If the change is intended, rewrite it: TENT_UPDATE_FIXTURES=1 ctest --test-dir build -R fixtures");
}

}  // namespace tent::app::test
