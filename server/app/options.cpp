#include "app/options.hpp"

#include "app/standby.hpp"
#include "core/tents.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string_view>
#include <vector>

namespace tent::app {

namespace {

// A command: its name, what it does in one line, and its help (usage line and options).
struct CommandInfo {
  std::string_view name;
  Options::Command command;
  std::string_view summary;
  std::string_view help;
  std::vector<std::string_view> flags;  // the options it takes
};

// Options that take no value on the command line ("--dry-run"); in a configuration file they take
// true or false.
constexpr std::string_view switch_flags[] = {"--dry-run", "--open-metrics"};

// simulate's flags that set a number in the plan (range checks are the plan's, docs/planning.md).
constexpr std::string_view simulate_numbers[] = {"--arrivals-per-hour", "--hours",       "--tables",
                                                 "--session-mean-s",    "--seed",        "--walk-s",
                                                 "--changeover-s",      "--no-show-rate"};

constexpr std::string_view secret_flags[] = {"--volunteer-pin",      "--organiser-pin",      "--kiosk-key",
                                             "--volunteer-pin-file", "--organiser-pin-file", "--kiosk-key-file"};

std::vector<CommandInfo> const& commands() {
  static std::vector<CommandInfo> const table = {
      {"serve",
       Options::Command::serve,
       "run the server",
       R"(Usage: massage-tent serve [--config FILE] [options]

  --port P               TCP port (default 8080; 0 picks a free one)
  --bind ADDR            address to listen on (default 0.0.0.0: every interface)
  --db FILE              SQLite database file (default data/tent.db; created if missing)
  --web-root DIR         folder holding kiosk/, display/ and the other pages (default: the installed
                         pages, ../share/massage-tent/web beside the binary, else the source tree)
  --volunteer-pin PIN    set the volunteer PIN (4-12 digits); otherwise kept, or generated at first start
  --organiser-pin PIN    set the organiser PIN (6-12 digits); otherwise kept, or generated at first start
  --kiosk-key KEY        require this key on kiosk requests (default: the kiosk is open)
  --volunteer-pin-file F, --organiser-pin-file F, --kiosk-key-file F
                         the same, read from file F (a final line break is ignored)
  Or set TENT_VOLUNTEER_PIN, TENT_ORGANISER_PIN, TENT_KIOSK_KEY in the environment. Prefer a file
  or the environment: anyone on this computer can see a command line (ps).

Backups (a checked copy of the database while the server runs, e.g. to a USB stick):
  --backup-dir DIR       folder for the copies, tent-YYYYMMDD-HHMMSS.db (default: no backups)
  --backup-every S       seconds between copies (default 300; 10 to 86400)
  --backup-keep K        copies kept in the folder, the oldest deleted first (default 12; 1 to 1000)

Monitoring:
  --open-metrics         answer GET /metrics (Prometheus) without the organiser PIN (default: the
                         organiser PIN as a Bearer token); only on a network you trust

Logs (on stderr; under systemd, in the journal). Never a PIN, key or runner's name:
  --log-format F         text (lines for a person), json (one JSON object a line: ts, level,
                         component, msg and fields) or auto (default: text when stderr is a
                         terminal, json otherwise)
  --log-level L          the least level written: debug, info, warn or error (default info)

Limits (each protects the server from one client that asks too much):
  --max-connections N    open connections in total (default 20000)
  --max-connections-per-address N
                         open connections from one client address (default 200; loopback
                         addresses are exempt, so a benchmark on this machine may open more)
  --ws-send-buffer BYTES unsent data one WebSocket may hold before it is cut off (default 4194304)
  --threads N            threads serving WebSocket sessions, the tent's own among them (default: one
                         per core); the tent itself always runs on one thread
)",
       {"--port", "--bind", "--db", "--web-root", "--max-connections", "--max-connections-per-address",
        "--ws-send-buffer", "--threads", "--backup-dir", "--backup-every", "--backup-keep", "--open-metrics",
        "--log-format", "--log-level"}},
      {"op",
       Options::Command::op,
       "run one action on the database with the server stopped",
       R"(Usage: massage-tent op OP [JSON] [--tent ID] [--db FILE]

Runs one action (the ops of docs/protocol.md) on the database as the organiser, with the server
stopped, and prints the reply. Example: massage-tent op table_create '{"name":"Table 1"}'

  --tent ID              the tent it acts on, when the event has several (default: the first)
  --db FILE              SQLite database file (default data/tent.db)
)",
       {"--db", "--tent"}},
      {"backup",
       Options::Command::backup,
       "copy the database, also while the server runs",
       R"(Usage: massage-tent backup --to PATH [--db FILE]

Copies the database with SQLite's online backup (a running server goes on undisturbed), checks the
copy (PRAGMA integrity_check) and only then gives it its name. PATH is a new file, or an existing
folder, which gets a dated copy tent-YYYYMMDD-HHMMSS.db.

  --to PATH              the copy's file name, or a folder for a dated copy
  --db FILE              the database to copy (default data/tent.db)
)",
       {"--db", "--to"}},
      {"restore",
       Options::Command::restore,
       "put a backup in place of the database (server stopped)",
       R"(Usage: massage-tent restore --from BACKUP [--db FILE]

Checks BACKUP (a massage-tent database, undamaged), moves the database at FILE aside to
FILE.before-restore-YYYYMMDD-HHMMSS (its -wal with it), and puts the backup in its place. Stop the
server first: restore refuses while a server has FILE open.

  --from BACKUP          the backup to restore
  --db FILE              the database to replace (default data/tent.db)
)",
       {"--db", "--from"}},
      {"import-roster",
       Options::Command::import_roster,
       "load the runner list from a CSV file (server stopped)",
       R"(Usage: massage-tent import-roster FILE.csv [--columns MAP] [--dry-run] [--tent ID] [--db FILE]

Loads the runners (bib, first name, last name, category) from a spreadsheet saved as CSV, as the
organiser's roster upload does and through the same code: a header row names the columns (bib or
number or bib number; first name or first; last name or surname; category or race or event), comma,
semicolon or tab separated, UTF-8 or Windows-1252. Rows it cannot use are listed with their line
and the reason; the others replace the roster. With the server running, upload it on the
organiser's page instead.

  --columns MAP          the column of each field when the header names them otherwise:
                         FIELD=COLUMN pairs, comma separated; FIELD is bib, first_name,
                         last_name or category, COLUMN the header's name for it (case and
                         spaces do not matter) or its number (1 is the first). Fields left out
                         are found by the names above. A column the file lacks stops the import
                         before anything is loaded. The delimiter is found from the header row.
                         --columns bib=Startnummer,first_name=Vorname,last_name=Nachname,category=Wertung
  --dry-run              check the file and report, load nothing
  --tent ID              the tent whose roster it replaces, when the event has several (default:
                         the first)
  --db FILE              SQLite database file (default data/tent.db)
)",
       {"--db", "--dry-run", "--columns", "--tent"}},
      {"export",
       Options::Command::export_day,
       "write the day's sessions CSV and summary, also while serving",
       R"(Usage: massage-tent export [--sessions FILE.csv] [--summary FILE.json] [--db FILE]

Writes the sessions CSV (as the organiser's export: one row per runner's latest visit and one per
medical referral, local times) and the event summary (the organiser's figures as JSON). "-" writes
to the terminal. A running server is not disturbed: the export reads a copy of the database.

  --sessions FILE        the sessions CSV
  --summary FILE         the event summary JSON
  --db FILE              SQLite database file (default data/tent.db)
)",
       {"--db", "--sessions", "--summary"}},
      {"reset-pin",
       Options::Command::reset_pin,
       "set a new volunteer or organiser PIN (server stopped)",
       R"(Usage: massage-tent reset-pin ROLE [--pin-file F] [--db FILE]

Replaces the PIN of ROLE (volunteer or organiser): the one in file F (volunteer 4-12 digits,
organiser 6-12), or a new random one, printed once. Pages signed in with the old PIN must sign
in again after the next start.

  --pin-file F           the new PIN, read from file F (a final line break is ignored)
  --db FILE              SQLite database file (default data/tent.db)
)",
       {"--db", "--pin-file"}},
      {"standby",
       Options::Command::standby,
       "keep a copy of a running server's database on a second laptop",
       R"(Usage: massage-tent standby --from http://PRIMARY:8080 [--pin-file F] [--db FILE]

Follows the server at PRIMARY: copies every batch it has stored, as stored (the same seq, time and
events), into FILE and then each new one as soon as the primary has committed it, with the primary's
PINs and kiosk key. Prints how far behind it is; after a dropped connection it carries on from the
last batch it holds. FILE must be new, or one this standby filled from the same primary before.

If the primary dies: stop the standby (Ctrl+C), then run massage-tent serve --db FILE on this
laptop; the day goes on from the last batch the standby received.

  --from URL             the primary's address, http://HOST:PORT
  --pin PIN              the primary's organiser PIN
  --pin-file F           the same, read from file F (a final line break is ignored)
  Or set TENT_ORGANISER_PIN in the environment. Prefer a file or the environment: anyone on this
  computer can see a command line (ps).
  --db FILE              the standby's SQLite database file (default data/tent.db)
)",
       {"--db", "--from", "--pin", "--pin-file"}},
      {"simulate",
       Options::Command::simulate,
       "simulate a day of the tent to plan its tables (no server needed)",
       R"(Usage: massage-tent simulate [PLAN.json] [--replay DB [--tent ID]] [options]

Runs the tent's own engine on a virtual clock through the day PLAN describes (finishers, take-up,
sessions, the shift plan: docs/planning.md) and prints the result as JSON: arrivals, waits (p50,
p90, max), table use and the line per 15 minutes; with a "goal" in the plan, the fewest tables per
hour that keep the 90th-percentile wait under it. Seeded: the same plan gives the same answer.

  --replay DB            a tent's database: the plan may replay its recorded day ("arrivals":
                         "recorded") and learn session lengths from it ("session": {"dist":
                         "recorded"}); the answer then shows what happened that day beside it
  --tent ID              the tent of DB to replay (default: the first)

Each of these sets one field of the plan (or, without PLAN, makes the whole plan: Poisson arrivals
for --hours at --arrivals-per-hour, --tables tables; walk, changeover and no-shows 0 unless given):
  --arrivals-per-hour L  runners reaching the tent per hour (with --hours)
  --hours H              hours of arrivals, from midnight
  --tables C             tables staffed all day
  --session-mean-s S     mean session length in seconds (default 600)
  --session-dist D       fixed, exponential (default without PLAN) or lognormal
  --seed N               the random seed (default 1)
  --walk-s W             seconds from being called to lying on the table
  --changeover-s X       seconds to ready a table between runners
  --no-show-rate R       share of runners who never come when called (0 to 1)
)",
       {"--replay", "--tent", "--arrivals-per-hour", "--hours", "--tables", "--session-mean-s", "--session-dist",
        "--seed", "--walk-s", "--changeover-s", "--no-show-rate"}},
  };
  return table;
}

CommandInfo const* find_command(std::string_view name) {
  for (auto const& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

std::string usage(std::string_view command) {
  if (auto const* c = find_command(command)) return std::string(c->help);
  std::string out = R"(massage-tent: the finish-line massage tent server

Usage: massage-tent COMMAND [options]

Commands:
)";
  std::size_t width = 0;
  for (auto const& c : commands()) width = std::max(width, c.name.size() + 2);
  auto const row = [&](std::string_view name, std::string_view summary) {
    std::string line = "  " + std::string(name);
    line.resize(2 + width, ' ');
    return line + std::string(summary) + "\n";
  };
  for (auto const& c : commands()) out += row(c.name, c.summary);
  out += row("help", "this overview; massage-tent COMMAND --help for one command's options");
  out += R"(
Every command also takes --config FILE: settings as "key = value" lines, each key an option's name
without "--" (port = 8080, organiser-pin-file = /etc/massage-tent/organiser.pin); # starts a comment
line. A key no command takes, or a bad value, stops the command naming the file and line. Keys
another command takes are skipped, so one file serves every command; the command line wins.

Exit status: 0 done; 1 failed (the message says why); 2 the command line was wrong.
)";
  return out;
}

std::string web_root_for(std::filesystem::path const& binary) {
  std::error_code ec;
  auto const installed = (binary.parent_path() / TENT_INSTALLED_WEB_ROOT).lexically_normal();
  if (std::filesystem::is_directory(installed / "kiosk", ec)) return installed.string();
  return TENT_WEB_ROOT;
}

std::string default_web_root() {
  std::error_code ec;
  auto const binary = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(TENT_WEB_ROOT) : web_root_for(binary);
}

namespace {

// Where one secret comes from: its flag, its -file flag, or its environment variable, in that order
// of preference; giving both flags is an error.
struct Source {
  std::string what, flag, env;
  std::size_t min_length, max_length;
  bool digits;
  std::optional<std::string>* (*target)(Secrets&);
  std::string from, value;  // where it was set ("--organiser-pin", "FILE:3: organiser-pin"), and its value
  bool file = false;        // value is a file to read the secret from
  bool from_file = false;   // set in a configuration file (the command line may override it)
};

// One setting: "--port 8080" on the command line, or "port = 8080" on line 3 of a configuration file
// (origin "FILE:3"; empty for the command line).
struct Setting {
  std::string flag, value, origin;
};

std::string trim(std::string_view s) {
  auto const first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r") - first + 1));
}

// Appends the settings of the configuration file at `path`: "key = value" lines, where key is an
// option's name without "--"; blank lines and lines starting with # are skipped, and a value may be
// put in double quotes. Returns an error naming the file and line, or "".
std::string read_config(std::string const& path, std::vector<Setting>& out) {
  std::ifstream in(path);
  if (!in) return "cannot read the configuration file " + path;
  std::string line;
  std::vector<std::pair<std::string, std::string>> seen;  // key, where
  for (int n = 1; std::getline(in, line); ++n) {
    auto const text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    auto const where = path + ":" + std::to_string(n);
    auto const eq = text.find('=');
    if (eq == std::string::npos) return where + ": expected \"key = value\", not '" + text + "'";
    auto const key = trim(std::string_view(text).substr(0, eq));
    auto value = trim(std::string_view(text).substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    bool known = std::find(std::begin(secret_flags), std::end(secret_flags), "--" + key) != std::end(secret_flags);
    for (auto const& c : commands())
      known = known || std::find(c.flags.begin(), c.flags.end(), "--" + key) != c.flags.end();
    // Keys name the settings of a place and its server, not what one run of a command does.
    for (auto const* one_run : {"to", "from", "dry-run", "sessions", "summary", "pin-file", "columns", "tent"})
      if (key == one_run) known = false;
    if (!known) return where + ": unknown key '" + key + "'";
    for (auto const& [k, w] : seen)
      if (k == key) return where + ": " + key + " is already set at " + w;
    seen.emplace_back(key, where);
    out.push_back({"--" + key, value, where});
  }
  return {};
}

Source* find_source(std::vector<Source>& sources, std::string_view flag) {
  for (auto& s : sources)
    if (flag == s.flag || flag == s.flag + "-file") return &s;
  return nullptr;
}

struct Resolved {
  std::optional<std::string> value;
  std::string error;
};

Resolved resolve(Source const& s, Env const& env) {
  std::string value = s.value, from = s.from;
  if (s.file) {
    std::ifstream in(s.value, std::ios::binary);
    if (!in) return {std::nullopt, "cannot read " + s.what + " from " + s.value + " (" + s.from + ")"};
    value.assign(std::istreambuf_iterator<char>(in), {});
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
    from = s.from + " " + s.value;
  } else if (s.from.empty()) {
    auto const* e = env ? env(s.env.c_str()) : nullptr;
    if (!e || !*e) return {};
    value = e;
    from = "$" + s.env;
  }
  bool const well_formed = value.size() >= s.min_length && value.size() <= s.max_length &&
                           (!s.digits || value.find_first_not_of("0123456789") == std::string::npos);
  if (!well_formed) {
    auto const rule = s.digits ? std::to_string(s.min_length) + " to " + std::to_string(s.max_length) + " digits"
                               : "at most " + std::to_string(s.max_length) + " characters";
    return {std::nullopt, s.what + " (" + from + ") must be " + rule};
  }
  return {value, {}};
}

}  // namespace

Parsed parse_options(int argc, char const* const* argv, Env const& env) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  Options o;
  std::vector<Source> sources = {
      {"the volunteer PIN",
       "--volunteer-pin",
       "TENT_VOLUNTEER_PIN",
       4,
       12,
       true,
       [](Secrets& s) { return &s.volunteer_pin; },
       {},
       {},
       false,
       false},
      {"the organiser PIN",
       "--organiser-pin",
       "TENT_ORGANISER_PIN",
       Access::min_organiser_pin,
       12,
       true,
       [](Secrets& s) { return &s.organiser_pin; },
       {},
       {},
       false,
       false},
      {"the kiosk key",
       "--kiosk-key",
       "TENT_KIOSK_KEY",
       0,
       Access::max_key_length,
       false,
       [](Secrets& s) { return &s.kiosk_key; },
       {},
       {},
       false,
       false},
  };
  if (args.empty()) return {std::nullopt, "missing command\n\n" + usage()};
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() > 1 && find_command(args[1])) o.help_for = args[1];
    return {o, {}};
  }
  auto const* command = find_command(args[0]);
  if (!command) return {std::nullopt, "unknown command '" + std::string(args[0]) + "'\n\n" + usage()};
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    o.help_for = command->name;
    return {o, {}};
  }
  o.command = command->command;
  std::size_t i = 1;
  // The arguments before the options: op's name and parameters, import-roster's file, reset-pin's role.
  auto const positional = [&]() -> std::optional<std::string> {
    if (i >= args.size() || args[i].starts_with("--")) return std::nullopt;
    return std::string(args[i++]);
  };
  if (o.command == Options::Command::op) {
    auto name = positional();
    if (!name) return {std::nullopt, "op needs an op name\n\n" + usage("op")};
    o.op = *name;
    if (auto params = positional()) o.op_params = *params;
  } else if (o.command == Options::Command::import_roster) {
    auto file = positional();
    if (!file) return {std::nullopt, "import-roster needs the CSV file\n\n" + usage("import-roster")};
    o.input = *file;
  } else if (o.command == Options::Command::simulate) {
    if (auto file = positional()) o.simulation.plan = *file;
  } else if (o.command == Options::Command::reset_pin) {
    auto role = positional();
    if (!role || (*role != "volunteer" && *role != "organiser"))
      return {std::nullopt, "reset-pin needs the role: volunteer or organiser\n\n" + usage("reset-pin")};
    o.input = *role;
  }
  auto const takes = [&](std::string_view flag) {
    auto const& flags = command->flags;
    if (std::find(flags.begin(), flags.end(), flag) != flags.end()) return true;
    return o.command == Options::Command::serve &&
           std::find(std::begin(secret_flags), std::end(secret_flags), flag) != std::end(secret_flags);
  };
  // The command line's settings, after those of a --config file: the command line wins.
  std::vector<Setting> settings, given;
  for (; i < args.size(); ++i) {
    auto const flag = args[i];
    if (flag != "--config" && !takes(flag)) {
      auto const what = flag.starts_with("-") ? "option " : "argument ";
      return {std::nullopt, std::string(command->name) + " does not take the " + what + std::string(flag) + "\n\n" +
                                usage(command->name)};
    }
    if (std::find(std::begin(switch_flags), std::end(switch_flags), flag) != std::end(switch_flags)) {
      given.push_back({std::string(flag), "true", {}});
      continue;
    }
    if (i + 1 >= args.size()) return {std::nullopt, "option " + std::string(flag) + " needs a value"};
    given.push_back({std::string(flag), std::string(args[++i]), {}});
  }
  for (auto const& g : given) {
    if (g.flag != "--config") continue;
    auto error = read_config(g.value, settings);
    if (!error.empty()) return {std::nullopt, error};
  }
  // A file's key that another command takes is not an error: one file serves every command.
  std::erase_if(settings, [&](Setting const& s) { return !takes(s.flag); });
  for (auto& g : given)
    if (g.flag != "--config") settings.push_back(std::move(g));

  for (auto const& setting : settings) {
    auto const& flag = setting.flag;
    auto const& value = setting.value;
    // How a message names the setting: "--port", or "/etc/massage-tent/massage-tent.conf:3: port".
    auto const name = setting.origin.empty() ? flag : setting.origin + ": " + flag.substr(2);
    auto const number = [&](std::size_t min, std::size_t max) -> std::optional<std::size_t> {
      std::size_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || v < min || v > max) return std::nullopt;
      return v;
    };
    auto const range_error = [&](std::size_t min, std::size_t max) {
      return Parsed{std::nullopt, name + " must be a whole number from " + std::to_string(min) + " to " +
                                      std::to_string(max) + ", not '" + value + "'"};
    };
    if (flag == "--port") {
      auto const v = number(0, 65535);
      if (!v) return range_error(0, 65535);
      o.port = static_cast<unsigned short>(*v);
    } else if (flag == "--bind") {
      boost::system::error_code ec;
      boost::asio::ip::make_address(value, ec);
      if (ec)
        return {std::nullopt, name + " must be an IP address such as 0.0.0.0 or 192.168.8.10, not '" + value + "'"};
      o.bind = value;
    } else if (flag == "--db")
      o.db = value;
    else if (flag == "--web-root")
      o.web_root = value;
    else if (flag == "--to")
      o.to = value;
    else if (flag == "--from")
      o.from = value;
    else if (flag == "--dry-run" || flag == "--open-metrics") {
      if (value != "true" && value != "false")
        return {std::nullopt, name + " must be true or false, not '" + value + "'"};
      (flag == "--dry-run" ? o.dry_run : o.open_metrics) = value == "true";
    } else if (flag == "--log-format") {
      if (value == "text" || value == "json")
        o.log_format = value == "json" ? log::Format::json : log::Format::text;
      else if (value == "auto")
        o.log_format.reset();
      else
        return {std::nullopt, name + " must be text, json or auto, not '" + value + "'"};
    } else if (flag == "--log-level") {
      auto const level = log::parse_level(value);
      if (!level) return {std::nullopt, name + " must be debug, info, warn or error, not '" + value + "'"};
      o.log_level = *level;
    } else if (flag == "--tent") {
      if (!valid_tent_id(value))
        return {std::nullopt, name + " must be a tent id (a-z, 0-9 and -), not '" + value + "'"};
      o.tent = value;
    } else if (flag == "--columns") {
      auto parsed = protocol::parse_roster_columns(value);
      if (!parsed.columns) return {std::nullopt, name + ": " + parsed.error};
      o.columns = std::move(*parsed.columns);
    } else if (flag == "--sessions")
      o.sessions_to = value;
    else if (flag == "--summary")
      o.summary_to = value;
    else if (flag == "--pin-file")
      o.pin_file = value;
    else if (flag == "--pin")
      o.pin = value;
    else if (flag == "--backup-dir")
      o.backups.folder = value;
    else if (flag == "--backup-every") {
      auto const v = number(10, 86400);
      if (!v) return range_error(10, 86400);
      o.backups.every_s = static_cast<std::int64_t>(*v);
    } else if (flag == "--backup-keep") {
      auto const v = number(1, 1000);
      if (!v) return range_error(1, 1000);
      o.backups.keep = *v;
    } else if (auto* source = find_source(sources, flag)) {
      // Given twice in one place is an error; the command line overrides a file.
      if (!source->from.empty() && source->from_file == !setting.origin.empty())
        return {std::nullopt, "give " + source->what + " once: " + source->from + " or " + name};
      source->from = name;
      source->from_file = !setting.origin.empty();
      source->value = value;
      source->file = flag.ends_with("-file");
    } else if (flag == "--replay") {
      o.simulation.replay = value;
    } else if (flag == "--session-dist") {
      if (value != "fixed" && value != "exponential" && value != "lognormal")
        return {std::nullopt, name + " must be fixed, exponential or lognormal, not '" + value + "'"};
      o.simulation.session_dist = value;
    } else if (std::find(std::begin(simulate_numbers), std::end(simulate_numbers), flag) !=
               std::end(simulate_numbers)) {
      double v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || !(v >= 0))
        return {std::nullopt, name + " must be a number, 0 or more, not '" + value + "'"};
      o.simulation.numbers.emplace_back(flag.substr(2), v);
    } else if (flag == "--threads") {
      auto const v = number(1, 64);
      if (!v) return range_error(1, 64);
      o.threads = *v;
    } else {  // --max-connections, --max-connections-per-address, --ws-send-buffer
      auto const v = number(1, std::numeric_limits<std::size_t>::max());
      if (!v) return {std::nullopt, name + " must be a whole number above 0, not '" + value + "'"};
      if (flag == "--max-connections")
        o.net.max_connections = *v;
      else if (flag == "--max-connections-per-address")
        o.net.max_connections_per_address = *v;
      else
        o.net.ws_send_bytes_max = *v;
    }
  }
  if (o.command == Options::Command::backup && o.to.empty())
    return {std::nullopt, "backup needs --to PATH\n\n" + usage("backup")};
  if (o.command == Options::Command::restore && o.from.empty())
    return {std::nullopt, "restore needs --from BACKUP\n\n" + usage("restore")};
  if (o.command == Options::Command::export_day && o.sessions_to.empty() && o.summary_to.empty())
    return {std::nullopt, "export needs --sessions FILE or --summary FILE (or both)\n\n" + usage("export")};
  if (o.command == Options::Command::simulate && o.simulation.plan.empty()) {
    for (auto const* needed : {"arrivals-per-hour", "hours", "tables"}) {
      auto const& n = o.simulation.numbers;
      if (std::none_of(n.begin(), n.end(), [&](auto const& kv) { return kv.first == needed; }))
        return {std::nullopt,
                "simulate needs a PLAN file, or --arrivals-per-hour, --hours and --tables\n\n" + usage("simulate")};
    }
  }
  if (o.command == Options::Command::standby) {
    if (o.from.empty()) return {std::nullopt, "standby needs --from http://PRIMARY:PORT\n\n" + usage("standby")};
    if (!parse_primary(o.from))
      return {std::nullopt, "--from must be the primary's address as http://HOST:PORT, not '" + o.from + "'"};
    if (!o.pin.empty() && !o.pin_file.empty())
      return {std::nullopt, "give the organiser PIN once: --pin or --pin-file"};
    // The primary's organiser PIN, read and checked as serve's --organiser-pin would be.
    auto source = *find_source(sources, "--organiser-pin");
    source.from = o.pin.empty() ? o.pin_file.empty() ? "" : "--pin-file" : "--pin";
    source.value = o.pin.empty() ? o.pin_file : o.pin;
    source.file = !o.pin_file.empty();
    auto pin = resolve(source, env);
    if (!pin.error.empty()) return {std::nullopt, pin.error};
    if (!pin.value)
      return {std::nullopt, "standby needs the primary's organiser PIN: --pin-file F, --pin PIN or TENT_ORGANISER_PIN"};
    o.pin = *pin.value;
    return {o, {}};
  }
  if (o.command == Options::Command::reset_pin && !o.pin_file.empty()) {
    // The new PIN, read and checked as --volunteer-pin-file or --organiser-pin-file would be.
    auto* source = find_source(sources, "--" + o.input + "-pin");
    source->from = "--pin-file";
    source->value = o.pin_file;
    source->file = true;
    auto pin = resolve(*source, {});
    if (!pin.error.empty()) return {std::nullopt, pin.error};
    *source->target(o.secrets) = pin.value;
    return {o, {}};
  }
  if (o.command != Options::Command::serve) return {o, {}};  // secrets only matter to the server
  for (auto& source : sources) {
    auto secret = resolve(source, env);
    if (!secret.error.empty()) return {std::nullopt, secret.error};
    if (secret.value) *source.target(o.secrets) = *secret.value;
  }
  return {o, {}};
}

}  // namespace tent::app
