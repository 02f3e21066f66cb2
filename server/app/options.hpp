#pragma once
// Command-line options of the massage-tent executable.

#include "app/access.hpp"
#include "net/options.hpp"

#include <functional>
#include <optional>
#include <string>

namespace tent::app {

struct Options {
  enum class Command { serve, op, help } command = Command::help;
  std::string bind = "0.0.0.0";  // every interface, so tablets on the tent Wi-Fi reach it
  unsigned short port = 8080;
  std::string db = "data/tent.db";
  std::string web_root;  // empty: the source tree the server was built from
  Secrets secrets;
  net::Options net;                  // transport limits (connection caps, WebSocket send buffer)
  std::size_t threads = 0;           // threads for WebSocket sessions; 0: one per core
  std::string op, op_params = "{}";  // for `op`
};

// The options, or an error message for the user.
struct Parsed {
  std::optional<Options> options;
  std::string error;
};
// Reads an environment variable (std::getenv in main); null when unset.
using Env = std::function<char const*(char const*)>;
// Secrets come from their flag, their -file flag (the file's content, trailing spaces and line
// breaks removed) or the environment (TENT_VOLUNTEER_PIN, TENT_ORGANISER_PIN, TENT_KIOSK_KEY).
Parsed parse_options(int argc, char const* const* argv, Env const& env = {});
std::string usage();
std::string default_web_root();

}  // namespace tent::app
