#pragma once
// Command-line options of the massage-tent executable.

#include <optional>
#include <string>

#include "app/access.hpp"
#include "net/options.hpp"

namespace tent::app {

struct Options {
  enum class Command { serve, op, help } command = Command::help;
  std::string bind = "0.0.0.0";  // every interface, so tablets on the tent Wi-Fi reach it
  unsigned short port = 8080;
  std::string db = "data/tent.db";
  std::string web_root;          // empty: the source tree the server was built from
  Secrets secrets;
  net::Options net;              // transport limits (connection caps, WebSocket send buffer)
  std::string op, op_params = "{}";  // for `op`
};

// The options, or an error message for the user.
struct Parsed {
  std::optional<Options> options;
  std::string error;
};
Parsed parse_options(int argc, char const* const* argv);
std::string usage();
std::string default_web_root();

}  // namespace tent::app
