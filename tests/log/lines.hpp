#pragma once
// A text (a log, a command's output, a file's contents) as its lines, without their line ends.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tent::test {

inline std::vector<std::string> lines_of(std::istream& in) {
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

inline std::vector<std::string> lines_of(std::string const& text) {
  std::istringstream in(text);
  return lines_of(in);
}

}  // namespace tent::test
