#pragma once
// Command-line options of the massage-tent executable.

#include "app/access.hpp"
#include "log/line.hpp"
#include "net/options.hpp"
#include "protocol/roster_columns.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tent::app {

// Online backups while serving: a checked copy into `folder` every `every_s` seconds, the newest
// `keep` kept. Off while folder is empty.
struct BackupPlan {
  std::string folder;
  std::int64_t every_s = 300;
  std::size_t keep = 12;
};

// `simulate`: a plan file and the fields the command line sets in it (each flag one plan field).
struct Simulation {
  std::string plan;                                     // the plan's JSON file; empty: the command line's form alone
  std::string replay;                                   // a database whose recorded day the plan may replay
  std::vector<std::pair<std::string, double>> numbers;  // (flag without "--", value)
  std::string session_dist;
};

struct Options {
  enum class Command {
    serve,
    op,
    backup,
    restore,
    import_roster,
    export_day,
    reset_pin,
    standby,
    simulate,
    help
  } command = Command::help;
  std::string help_for;          // with Command::help: the command whose help was asked, "" for the overview
  std::string bind = "0.0.0.0";  // every interface, so tablets on the tent Wi-Fi reach it
  unsigned short port = 8080;
  std::string db = "data/tent.db";
  std::string web_root;  // empty: default_web_root()
  Secrets secrets;
  net::Options net;                  // transport limits (connection caps, WebSocket send buffer)
  std::size_t threads = 0;           // threads for WebSocket sessions; 0: one per core
  std::string op, op_params = "{}";  // for `op`
  std::string tent;                  // `op` and `import-roster`: the tent acted on ("" the first)
  BackupPlan backups;                // for `serve`
  bool open_metrics = false;         // `serve`: GET /metrics without the organiser PIN
  // `serve`'s log: text or json; nullopt is auto (text when stderr is a terminal, json otherwise).
  std::optional<log::Format> log_format;
  log::Level log_level = log::Level::info;  // `serve`: the least level written
  std::string to, from;                     // `backup` (a file or folder), `restore` (a backup file), `standby` (a URL)
  std::string input;                        // import-roster's CSV file; reset-pin's role
  bool dry_run = false;                     // import-roster: report, load nothing
  protocol::RosterColumns columns;          // import-roster --columns: each field's column, else its aliases
  std::string sessions_to, summary_to;      // export: where the sessions CSV and the summary JSON go ("-": stdout)
  std::string pin_file;                     // reset-pin: the new PIN, read from this file (else generated)
  std::string pin;  // standby: the primary's organiser PIN (--pin, --pin-file or the environment)
  Simulation simulation;
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
// The overview (command "") or one command's help.
std::string usage(std::string_view command = {});
// The pages served for the binary at `binary`: installed as PREFIX/bin/massage-tent, those at
// PREFIX/share/massage-tent/web, as the Debian package lays them out, wherever PREFIX is; else (a
// build that is not installed) the source tree it was built from.
std::string web_root_for(std::filesystem::path const& binary);
// web_root_for this process's binary.
std::string default_web_root();

}  // namespace tent::app
