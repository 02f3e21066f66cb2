#include "app/options.hpp"

#include <charconv>
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
  --organiser-pin PIN    set the organiser PIN (4-12 digits); otherwise kept, or generated at first start
  --kiosk-key KEY        require this key on kiosk requests (default: the kiosk is open)

Limits (each protects the server from one client that asks too much):
  --max-connections N    open connections in total (default 20000)
  --max-connections-per-address N
                         open connections from one client address (default 200; loopback
                         addresses are exempt, so a benchmark on this machine may open more)
  --ws-send-buffer BYTES unsent data one WebSocket may hold before it is cut off (default 4194304)
)";
}

std::string default_web_root() { return TENT_WEB_ROOT; }

Parsed parse_options(int argc, char const* const* argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  Options o;
  if (args.empty()) return {std::nullopt, "missing command\n\n" + usage()};
  std::size_t i = 0;
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return {o, {}};
  if (args[0] == "serve") o.command = Options::Command::serve;
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
      if (ec != std::errc{} || p != value.data() + value.size() || v > 65535) return {std::nullopt, "bad --port: " + value};
      o.port = static_cast<unsigned short>(v);
    } else if (flag == "--bind") o.bind = value;
    else if (flag == "--db") o.db = value;
    else if (flag == "--web-root") o.web_root = value;
    else if (flag == "--volunteer-pin" || flag == "--organiser-pin") {
      if (value.size() < 4 || value.size() > 12 || value.find_first_not_of("0123456789") != std::string::npos)
        return {std::nullopt, std::string(flag) + " must be 4 to 12 digits"};
      (flag == "--volunteer-pin" ? o.secrets.volunteer_pin : o.secrets.organiser_pin) = value;
    } else if (flag == "--kiosk-key") o.secrets.kiosk_key = value;
    else if (flag == "--max-connections" || flag == "--max-connections-per-address" || flag == "--ws-send-buffer") {
      std::size_t v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || p != value.data() + value.size() || v == 0)
        return {std::nullopt, std::string(flag) + " must be a whole number above 0"};
      if (flag == "--max-connections") o.net.max_connections = v;
      else if (flag == "--max-connections-per-address") o.net.max_connections_per_address = v;
      else o.net.ws_send_bytes_max = v;
    }
    else return {std::nullopt, "unknown option " + std::string(flag) + "\n\n" + usage()};
  }
  return {o, {}};
}

}  // namespace tent::app
