#include "app/options.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

namespace tent::app {

std::string usage() {
  return R"(massage-tent: the finish-line massage tent server

Usage:
  massage-tent serve [options]          run the server
  massage-tent op OP [JSON] [--db FILE] run one action on the database, as the organiser,
                                        with the server stopped (e.g. op table_create '{"name":"Table 1"}')
  massage-tent --help

Options:
  --port P               TCP port (default 8080; 0 picks a free one)
  --bind ADDR            address to listen on (default 0.0.0.0: every interface)
  --db FILE              SQLite database file (default data/tent.db; created if missing)
  --web-root DIR         folder holding kiosk/, display/ and the other pages (default: the source tree)
  --volunteer-pin PIN    set the volunteer PIN (4-12 digits); otherwise kept, or generated at first start
  --organiser-pin PIN    set the organiser PIN (6-12 digits); otherwise kept, or generated at first start
  --kiosk-key KEY        require this key on kiosk requests (default: the kiosk is open)
  --volunteer-pin-file F, --organiser-pin-file F, --kiosk-key-file F
                         the same, read from file F (a final line break is ignored)
  Or set TENT_VOLUNTEER_PIN, TENT_ORGANISER_PIN, TENT_KIOSK_KEY in the environment. Prefer a file
  or the environment: anyone on this computer can see a command line (ps).

Limits (each protects the server from one client that asks too much):
  --max-connections N    open connections in total (default 20000)
  --max-connections-per-address N
                         open connections from one client address (default 200; loopback
                         addresses are exempt, so a benchmark on this machine may open more)
  --ws-send-buffer BYTES unsent data one WebSocket may hold before it is cut off (default 4194304)
  --threads N            threads serving WebSocket sessions, the tent's own among them (default: one
                         per core); the tent itself always runs on one thread
)";
}

std::string default_web_root() { return TENT_WEB_ROOT; }

namespace {

// Where one secret comes from: its flag, its -file flag, or its environment variable, in that order
// of preference; giving both flags is an error.
struct Source {
  std::string what, flag, env;
  std::size_t min_length, max_length;
  bool digits;
  std::optional<std::string>* (*target)(Secrets&);
  std::string from, value;  // the flag that set it, and its argument
  bool file = false;
};

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
       false},
  };
  if (args.empty()) return {std::nullopt, "missing command\n\n" + usage()};
  std::size_t i = 0;
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return {o, {}};
  if (args[0] == "serve")
    o.command = Options::Command::serve;
  else if (args[0] == "op") {
    o.command = Options::Command::op;
    if (args.size() < 2 || args[1].starts_with("--")) return {std::nullopt, "op needs an op name\n\n" + usage()};
    o.op = args[1];
    i = 1;
    if (args.size() > 2 && !args[2].starts_with("--")) {
      o.op_params = args[2];
      i = 2;
    }
  } else {
    return {std::nullopt, "unknown command '" + std::string(args[0]) + "'\n\n" + usage()};
  }
  for (++i; i < args.size(); ++i) {
    auto const flag = args[i];
    if (flag == "--help" || flag == "-h") return {Options{}, {}};
    if (i + 1 >= args.size()) return {std::nullopt, "option " + std::string(flag) + " needs a value"};
    auto const value = std::string(args[++i]);
    if (flag == "--port") {
      unsigned v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || v > 65535)
        return {std::nullopt, "bad --port: " + value};
      o.port = static_cast<unsigned short>(v);
    } else if (flag == "--bind")
      o.bind = value;
    else if (flag == "--db")
      o.db = value;
    else if (flag == "--web-root")
      o.web_root = value;
    else if (auto* source = find_source(sources, flag)) {
      if (!source->from.empty())
        return {std::nullopt, "give " + source->what + " once: " + source->from + " or " + std::string(flag)};
      source->from = std::string(flag);
      source->value = value;
      source->file = flag.ends_with("-file");
    } else if (flag == "--max-connections" || flag == "--max-connections-per-address" || flag == "--ws-send-buffer" ||
               flag == "--threads") {
      std::size_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || v == 0)
        return {std::nullopt, std::string(flag) + " must be a whole number above 0"};
      if (flag == "--max-connections")
        o.net.max_connections = v;
      else if (flag == "--max-connections-per-address")
        o.net.max_connections_per_address = v;
      else if (flag == "--threads") {
        if (v > 64) return {std::nullopt, "--threads must be between 1 and 64"};
        o.threads = v;
      } else
        o.net.ws_send_bytes_max = v;
    } else
      return {std::nullopt, "unknown option " + std::string(flag) + "\n\n" + usage()};
  }
  for (auto& source : sources) {
    auto secret = resolve(source, env);
    if (!secret.error.empty()) return {std::nullopt, secret.error};
    if (secret.value) *source.target(o.secrets) = *secret.value;
  }
  return {o, {}};
}

}  // namespace tent::app
