#pragma once
// Reading an exposition back in tests: one series' value, and how often a line occurs.

#include <optional>
#include <sstream>
#include <string>

namespace tent::app::test {

// The value of the series written exactly as `series` (name and labels, as the writer renders them),
// or nullopt when no line has it.
inline std::optional<double> metric(std::string const& text, std::string const& series) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  return std::nullopt;
}

// Lines that begin with `prefix`.
inline int lines_starting(std::string const& text, std::string const& prefix) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, prefix.size(), prefix) == 0) ++n;
  return n;
}

}  // namespace tent::app::test
