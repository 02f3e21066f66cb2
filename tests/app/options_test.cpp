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

TEST_CASE("backup and restore take their paths; each command refuses the options of another", "[app]") {
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

TEST_CASE("help: the overview lists every command; COMMAND --help and help COMMAND give its options", "[app]") {
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

TEST_CASE(
    "serve --open-metrics is a switch that takes no value; the metrics are closed by default and other commands "
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
