// The command line: limits, and secrets from flags, files or the environment.

#include "app/options.hpp"

#include "../store/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <vector>

using namespace tent::app;

namespace {

Parsed parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "massage-tent");
  std::vector<char const*> argv;
  for (auto const& a : args) argv.push_back(a.c_str());
  return parse_options(static_cast<int>(argv.size()), argv.data(), [env](char const* name) -> char const* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("An organiser PIN of fewer than six digits is refused with a clear message", "[app]") {
  auto short_pin = parse({"serve", "--organiser-pin", "2222"});
  CHECK_FALSE(short_pin.options);
  CHECK(short_pin.error == "the organiser PIN (--organiser-pin) must be 6 to 12 digits");
  CHECK(parse({"serve", "--organiser-pin", "482913"}).options->secrets.organiser_pin == "482913");
  CHECK(parse({"serve", "--volunteer-pin", "1111"}).options->secrets.volunteer_pin == "1111");
  CHECK_FALSE(parse({"serve", "--volunteer-pin", "12a4"}).options);
}

TEST_CASE("PINs can come from a file or the environment, which ps does not show", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const file = dir.file("organiser.pin");
  std::ofstream(file) << "482913\n";

  auto from_file = parse({"serve", "--organiser-pin-file", file});
  REQUIRE(from_file.options);
  CHECK(from_file.options->secrets.organiser_pin == "482913");

  auto from_env = parse(
      {"serve"}, {{"TENT_ORGANISER_PIN", "735102"}, {"TENT_VOLUNTEER_PIN", "4455"}, {"TENT_KIOSK_KEY", "tent-7"}});
  REQUIRE(from_env.options);
  CHECK(from_env.options->secrets.organiser_pin == "735102");
  CHECK(from_env.options->secrets.volunteer_pin == "4455");
  CHECK(from_env.options->secrets.kiosk_key == "tent-7");

  SECTION("the command line wins over the environment") {
    CHECK(parse({"serve", "--organiser-pin-file", file}, {{"TENT_ORGANISER_PIN", "735102"}})
              .options->secrets.organiser_pin == "482913");
  }
  SECTION("a short PIN in the environment is refused, naming where it came from") {
    auto bad = parse({"serve"}, {{"TENT_ORGANISER_PIN", "1234"}});
    CHECK_FALSE(bad.options);
    CHECK(bad.error.find("$TENT_ORGANISER_PIN") != std::string::npos);
  }
  SECTION("a missing file, or two sources on the command line, are errors") {
    auto missing = parse({"serve", "--organiser-pin-file", dir.file("nowhere")});
    CHECK_FALSE(missing.options);
    CHECK(missing.error.find("cannot read the organiser PIN") != std::string::npos);
    CHECK_FALSE(parse({"serve", "--organiser-pin", "482913", "--organiser-pin-file", file}).options);
  }
  SECTION("without any source the PIN stays unset (kept, or generated at first start)") {
    CHECK_FALSE(parse({"serve"}).options->secrets.organiser_pin);
  }
}

TEST_CASE("Connection and send limits can be set on the command line", "[app]") {
  auto o =
      parse({"serve", "--max-connections", "500", "--max-connections-per-address", "20", "--ws-send-buffer", "65536"});
  REQUIRE(o.options);
  CHECK(o.options->net.max_connections == 500);
  CHECK(o.options->net.max_connections_per_address == 20);
  CHECK(o.options->net.ws_send_bytes_max == 65536);
  auto defaults = parse({"serve"});
  CHECK(defaults.options->net.max_connections == 20'000);
  CHECK(defaults.options->net.max_connections_per_address == 200);
  CHECK(defaults.options->net.ws_send_bytes_max == 4u * 1024 * 1024);
  CHECK_FALSE(parse({"serve", "--max-connections", "0"}).options);
}

TEST_CASE("The number of socket threads can be set from 1 to 64, and is one per core by default", "[app]") {
  CHECK(parse({"serve"}).options->threads == 0);
  CHECK(parse({"serve", "--threads", "1"}).options->threads == 1);
  CHECK(parse({"serve", "--threads", "64"}).options->threads == 64);
  CHECK_FALSE(parse({"serve", "--threads", "0"}).options);
  CHECK_FALSE(parse({"serve", "--threads", "65"}).options);
  CHECK_FALSE(parse({"serve", "--threads", "two"}).options);
}

TEST_CASE("backup and restore take their paths, each command refuses the options of another", "[app]") {
  auto backup = parse({"backup", "--db", "x.db", "--to", "/media/usb"});
  REQUIRE(backup.options);
  CHECK(backup.options->command == Options::Command::backup);
  CHECK(backup.options->db == "x.db");
  CHECK(backup.options->to == "/media/usb");
  auto restore = parse({"restore", "--from", "copy.db"});
  REQUIRE(restore.options);
  CHECK(restore.options->command == Options::Command::restore);
  CHECK(restore.options->from == "copy.db");
  CHECK(restore.options->db == "data/tent.db");

  CHECK_THAT(parse({"backup"}).error, Catch::StartsWith("backup needs --to PATH"));
  CHECK_THAT(parse({"restore", "--db", "x.db"}).error, Catch::StartsWith("restore needs --from BACKUP"));
  CHECK_THAT(
      parse({"backup", "--to", "x", "--port", "80"}).error,
      Catch::StartsWith("backup does not take the option --port") && Catch::Contains("Usage: massage-tent backup"));
  CHECK_THAT(parse({"serve", "--to", "x"}).error, Catch::StartsWith("serve does not take the option --to"));
  CHECK_THAT(parse({"op", "table_create", "--organiser-pin", "222222"}).error,
             Catch::StartsWith("op does not take the option --organiser-pin"));
  CHECK_THAT(parse({"serve", "stray"}).error, Catch::StartsWith("serve does not take the argument stray"));
}

TEST_CASE("help: the overview lists every command, COMMAND --help and help COMMAND give its options", "[app]") {
  for (auto const* command : {"serve", "op", "backup", "restore"}) {
    CHECK_THAT(usage(), Catch::Contains(std::string("  ") + command + " "));
    for (auto const& args : {std::vector<std::string>{command, "--help"}, std::vector<std::string>{"help", command}}) {
      auto p = parse(args);
      REQUIRE(p.options);
      CHECK(p.options->command == Options::Command::help);
      CHECK(p.options->help_for == command);
      CHECK_THAT(usage(p.options->help_for), Catch::StartsWith(std::string("Usage: massage-tent ") + command));
    }
  }
  CHECK(parse({"--help"}).options->help_for.empty());
  CHECK_THAT(usage(), Catch::Contains("Exit status: 0 done; 1 failed"));
}

TEST_CASE("serve's backup options: a folder, seconds between copies and copies kept, within their ranges", "[app]") {
  auto off = parse({"serve"});
  CHECK(off.options->backups.folder.empty());
  auto on = parse({"serve", "--backup-dir", "/media/usb/tent", "--backup-every", "60", "--backup-keep", "5"});
  REQUIRE(on.options);
  CHECK(on.options->backups.folder == "/media/usb/tent");
  CHECK(on.options->backups.every_s == 60);
  CHECK(on.options->backups.keep == 5);
  CHECK(parse({"serve", "--backup-dir", "d"}).options->backups.every_s == 300);
  CHECK(parse({"serve", "--backup-dir", "d"}).options->backups.keep == 12);
  CHECK(parse({"serve", "--backup-every", "5"}).error ==
        "--backup-every must be a whole number from 10 to 86400, not '5'");
  CHECK_FALSE(parse({"serve", "--backup-keep", "0"}).options);
  CHECK_FALSE(parse({"serve", "--backup-keep", "many"}).options);
}

TEST_CASE("A configuration file takes the options' keys, the command line wins over it", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const conf = dir.file("massage-tent.conf");
  auto const pin = dir.file("organiser.pin");
  std::ofstream(pin) << "482913\n";
  std::ofstream(conf) << "# The tent laptop\n"
                         "port = 8081\n"
                         "  bind = 192.168.8.10\n"
                         "\n"
                         "db = \"/var/lib/massage-tent/tent.db\"\n"
                         "organiser-pin-file = "
                      << pin
                      << "\n"
                         "backup-dir = /media/usb/tent\n"
                         "backup-every = 120\n";
  auto o = parse({"serve", "--config", conf});
  REQUIRE(o.options);
  CHECK(o.options->port == 8081);
  CHECK(o.options->bind == "192.168.8.10");
  CHECK(o.options->db == "/var/lib/massage-tent/tent.db");
  CHECK(o.options->secrets.organiser_pin == "482913");
  CHECK(o.options->backups.folder == "/media/usb/tent");
  CHECK(o.options->backups.every_s == 120);

  auto over = parse({"serve", "--port", "9000", "--config", conf, "--organiser-pin", "735102"});
  REQUIRE(over.options);
  CHECK(over.options->port == 9000);
  CHECK(over.options->secrets.organiser_pin == "735102");

  SECTION("other commands read the keys they take and skip the server's") {
    auto backup = parse({"backup", "--config", conf, "--to", "/tmp/copy.db"});
    REQUIRE(backup.options);
    CHECK(backup.options->db == "/var/lib/massage-tent/tent.db");
  }
}

TEST_CASE("A wrong key or value in the configuration file is refused, naming the key and the line", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const conf = dir.file("bad.conf");
  auto const refused = [&](std::string const& text) {
    std::ofstream(conf) << "port = 8080\n" << text << "\n";
    auto p = parse({"serve", "--config", conf});
    CHECK_FALSE(p.options);
    return p.error;
  };
  CHECK(refused("prot = 8080") == conf + ":2: unknown key 'prot'");
  CHECK(refused("backup-every = 5") == conf + ":2: backup-every must be a whole number from 10 to 86400, not '5'");
  CHECK(refused("port 8080") == conf + ":2: expected \"key = value\", not 'port 8080'");
  CHECK(refused("port = 9090") == conf + ":2: port is already set at " + conf + ":1");
  CHECK(refused("bind = tent-laptop") ==
        conf + ":2: bind must be an IP address such as 0.0.0.0 or 192.168.8.10, not 'tent-laptop'");
  CHECK(refused("organiser-pin = 1234") == "the organiser PIN (" + conf + ":2: organiser-pin) must be 6 to 12 digits");
  CHECK(refused("to = /tmp/x") == conf + ":2: unknown key 'to'");
  CHECK(parse({"serve", "--config", dir.file("missing.conf")}).error ==
        "cannot read the configuration file " + dir.file("missing.conf"));
}

TEST_CASE("The configuration file shipped in deploy/ is read without an error", "[app]") {
  auto o = parse({"serve", "--config", TENT_SAMPLE_CONFIG});
  INFO(o.error);
  REQUIRE(o.options);
  CHECK(o.options->db == "/var/lib/massage-tent/tent.db");
  CHECK(o.options->port == 8080);
  CHECK(o.options->backups.folder.empty());
  CHECK_FALSE(o.options->log_format);  // auto
  CHECK(o.options->log_level == tent::log::Level::info);
}

TEST_CASE("import-roster takes its file and --dry-run, export a destination, reset-pin a role", "[app]") {
  auto import = parse({"import-roster", "runners.csv", "--dry-run"});
  REQUIRE(import.options);
  CHECK(import.options->command == Options::Command::import_roster);
  CHECK(import.options->input == "runners.csv");
  CHECK(import.options->dry_run);
  CHECK_FALSE(parse({"import-roster", "runners.csv"}).options->dry_run);
  CHECK_THAT(parse({"import-roster"}).error, Catch::StartsWith("import-roster needs the CSV file"));
  auto mapped = parse({"import-roster", "runners.csv", "--columns", "bib=Startnummer,category=4"});
  REQUIRE(mapped.options);
  CHECK(mapped.options->columns.column[0] == "Startnummer");
  CHECK(mapped.options->columns.column[3] == "4");
  CHECK(parse({"import-roster", "r.csv", "--columns", "bib"}).error ==
        "--columns: expected FIELD=COLUMN (bib=Startnummer), not 'bib'");
  CHECK_THAT(usage("import-roster"), Catch::Contains("--columns MAP"));

  auto exported = parse({"export", "--summary", "-"});
  REQUIRE(exported.options);
  CHECK(exported.options->summary_to == "-");
  CHECK_THAT(parse({"export"}).error, Catch::StartsWith("export needs --sessions FILE or --summary FILE"));

  CHECK(parse({"reset-pin", "organiser"}).options->input == "organiser");
  CHECK_FALSE(parse({"reset-pin", "organiser"}).options->secrets.organiser_pin);
  CHECK_THAT(parse({"reset-pin", "kiosk"}).error,
             Catch::StartsWith("reset-pin needs the role: volunteer or organiser"));
  CHECK_THAT(parse({"reset-pin", "organiser", "--pin-file", "/nonexistent/pin"}).error,
             Catch::StartsWith("cannot read the organiser PIN from /nonexistent/pin"));
}

TEST_CASE("A configuration file holds where things are, not what one run does", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const conf = dir.file("tent.conf");
  std::ofstream(conf) << "dry-run = true\n";
  CHECK(parse({"import-roster", "r.csv", "--config", conf}).error == conf + ":1: unknown key 'dry-run'");
  std::ofstream(conf, std::ios::trunc) << "columns = bib=1\n";
  CHECK(parse({"import-roster", "r.csv", "--config", conf}).error == conf + ":1: unknown key 'columns'");
}

TEST_CASE(
    "serve --open-metrics is a switch that takes no value, the metrics are closed by default and other commands "
    "refuse it",
    "[app][metrics]") {
  CHECK_FALSE(parse({"serve"}).options->open_metrics);
  auto const open = parse({"serve", "--open-metrics", "--port", "9000"});
  REQUIRE(open.options);
  CHECK(open.options->open_metrics);
  CHECK(open.options->port == 9000);
  auto const last = parse({"serve", "--port", "9000", "--open-metrics"});
  REQUIRE(last.options);
  CHECK(last.options->open_metrics);
  auto const other = parse({"backup", "--to", "x.db", "--open-metrics"});
  CHECK_FALSE(other.options);
  CHECK_THAT(other.error, Catch::Contains("backup does not take the option --open-metrics"));
  CHECK_THAT(usage("serve"), Catch::Contains("--open-metrics"));
}

TEST_CASE("open-metrics is a switch on the command line and true or false in a configuration file", "[app]") {
  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const conf = dir.file("tent.conf");
  std::ofstream(conf) << "open-metrics = true\n";
  CHECK(parse({"serve", "--config", conf}).options->open_metrics);
  std::ofstream(conf, std::ios::trunc) << "open-metrics = yes\n";
  CHECK(parse({"serve", "--config", conf}).error == conf + ":1: open-metrics must be true or false, not 'yes'");
  CHECK(parse({"serve", "--open-metrics", "--port", "8081"}).options->port == 8081);
}

TEST_CASE("serve takes --log-format text, json or auto and --log-level, also from a configuration file", "[app][log]") {
  auto const plain = parse({"serve"});
  REQUIRE(plain.options);
  CHECK_FALSE(plain.options->log_format);  // auto: decided by whether stderr is a terminal
  CHECK(plain.options->log_level == tent::log::Level::info);
  CHECK(parse({"serve", "--log-format", "json"}).options->log_format == tent::log::Format::json);
  CHECK(parse({"serve", "--log-format", "text"}).options->log_format == tent::log::Format::text);
  CHECK_FALSE(parse({"serve", "--log-format", "auto"}).options->log_format);
  CHECK(parse({"serve", "--log-level", "debug"}).options->log_level == tent::log::Level::debug);
  CHECK(parse({"serve", "--log-level", "error"}).options->log_level == tent::log::Level::error);
  CHECK(parse({"serve", "--log-format", "JSON"}).error == "--log-format must be text, json or auto, not 'JSON'");
  CHECK(parse({"serve", "--log-level", "loud"}).error == "--log-level must be debug, info, warn or error, not 'loud'");
  CHECK_THAT(parse({"backup", "--to", "x.db", "--log-format", "json"}).error,
             Catch::StartsWith("backup does not take the option --log-format"));
  CHECK_THAT(usage("serve"), Catch::Contains("--log-format F") && Catch::Contains("--log-level L"));

  tent::store::test::TempDir dir;
  std::filesystem::create_directories(dir.path());
  auto const conf = dir.file("tent.conf");
  std::ofstream(conf) << "log-format = json\nlog-level = warn\n";
  auto const from_file = parse({"serve", "--config", conf});
  REQUIRE(from_file.options);
  CHECK(from_file.options->log_format == tent::log::Format::json);
  CHECK(from_file.options->log_level == tent::log::Level::warn);
  CHECK(parse({"serve", "--config", conf, "--log-format", "text"}).options->log_format == tent::log::Format::text);
  std::ofstream(conf, std::ios::trunc) << "log-format = yaml\n";
  CHECK(parse({"serve", "--config", conf}).error == conf + ":1: log-format must be text, json or auto, not 'yaml'");
}
