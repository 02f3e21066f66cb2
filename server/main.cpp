// massage-tent: wires the store, the tent and the transport; the tent runs on one thread, WebSocket
// sessions on one thread per core (--threads).

#include "app/backup_schedule.hpp"
#include "app/cli.hpp"
#include "app/local_time.hpp"
#include "app/options.hpp"
#include "app/snapshots.hpp"
#include "app/standby.hpp"
#include "app/stop_signals.hpp"
#include "app/tent_server.hpp"
#include "log/logger.hpp"
#include "net/host_addresses.hpp"
#include "net/options.hpp"
#include "net/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace tent;

// Thousands of phones each hold a socket: lift the open-file limit as far as allowed.
void raise_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// The io_contexts WebSocket sessions are spread over: the application's, and one more per further
// thread, each run by a thread of its own until join().
class SocketThreads {
public:
  SocketThreads(boost::asio::io_context& app, std::size_t count) : contexts_{&app} {
    for (std::size_t i = 1; i < count; ++i) {
      extra_.push_back(std::make_unique<boost::asio::io_context>(1));
      contexts_.push_back(extra_.back().get());
      guards_.push_back(boost::asio::make_work_guard(*extra_.back()));
    }
    for (auto& ioc : extra_) threads_.emplace_back([&ioc = *ioc] { ioc.run(); });
  }
  ~SocketThreads() { join(); }
  SocketThreads(SocketThreads const&) = delete;
  SocketThreads& operator=(SocketThreads const&) = delete;

  std::vector<boost::asio::io_context*> const& contexts() const { return contexts_; }
  // Lets each thread finish the work it has (the sessions Server::stop shut down), then joins it.
  void join() {
    guards_.clear();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

private:
  std::vector<boost::asio::io_context*> contexts_;
  std::vector<std::unique_ptr<boost::asio::io_context>> extra_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

// The addresses tablets on the tent Wi-Fi can use (as GET /api/addresses lists them); this laptop's
// own when there is none.
std::vector<std::string> host_addresses(boost::asio::ip::address const& bound) {
  auto found = net::reachable_addresses(net::local_interfaces(), bound).addresses;
  if (found.empty()) found.push_back(bound.is_loopback() ? bound.to_string() : "127.0.0.1");
  for (auto& host : found)
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return found;
}

// The pages each tablet or phone opens: how a line names it (padded, so the addresses align), the
// page, and its path.
struct Page {
  std::string label, page, path;
};
std::vector<Page> const pages = {{"kiosk      ", "kiosk", "/kiosk/"},
                                 {"display    ", "display", "/display/"},
                                 {"volunteers ", "console", "/console/"},
                                 {"organiser  ", "organiser", "/organiser/"},
                                 {"runner     ", "status", "/status/?bib=1234"}};

// PINs made at a first start are for the person who started the server, on their terminal, once:
// printed there, never a log record. When the output is not a terminal (a service, whose output the
// journal keeps; a redirect to a file) they are not shown at all, and a warning says how to set one.
void announce_new_pins(std::map<std::string, std::string> const& generated) {
  bool const terminal = ::isatty(STDOUT_FILENO) == 1;
  for (auto const& [role, pin] : generated) {
    if (terminal) {
      std::cout << "NEW " << role << " PIN: " << pin << "  (stored hashed; write it down now)\n";
      continue;
    }
    log::warn("auth",
              "a new " + role + " PIN was made at this first start and is not shown, as the output is not a " +
                  "terminal (a log must not keep it): set one with --" + role + "-pin-file, or stop the server and " +
                  "run massage-tent reset-pin " + role,
              {{"role", role}});
  }
  std::cout << std::flush;
}

// --log-format and --log-level; auto is text when stderr is a terminal, json otherwise.
void configure_log(app::Options const& o) {
  auto& logger = log::logger();
  logger.set_level(o.log_level);
  logger.set_format(o.log_format.value_or(::isatty(STDERR_FILENO) == 1 ? log::Format::text : log::Format::json));
}

int serve(app::Options const& o) {
  configure_log(o);
  raise_file_limit();
  app::DatabaseLock lock(o.db);  // creates the database's folder if needed
  store::EventStore store(o.db);
  app::Access access(store, o.secrets);
  boost::asio::io_context ioc(1);
  auto const web_root = o.web_root.empty() ? app::default_web_root() : o.web_root;
  app::TentServer tent_server(ioc, store, access, web_root, app::wall_clock);
  SocketThreads threads(ioc, o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency()));
  net::Server server(ioc, {boost::asio::ip::make_address(o.bind), o.port}, tent_server, o.net, threads.contexts());
  tent_server.report_transport(&server);
  tent_server.open_metrics(o.open_metrics);
  std::optional<app::BackupSchedule> backups;
  if (!o.backups.folder.empty()) {
    backups.emplace(ioc, o.db, o.backups, app::wall_clock);
    tent_server.report_backups(&*backups);
  }

  // Caught from here on, so that a stop asked for as soon as the port is logged is a clean one.
  app::StopSignals signals(ioc);
  signals.async_wait([&](boost::system::error_code, int) {
    tent_server.stop_ticking();
    if (backups) backups->stop();
    server.stop();
  });

  auto const& tent = tent_server.dispatcher().tent();
  auto const seq = tent_server.dispatcher().seq();
  log::info("app",
            tent.settings().tent_name + ", database " + o.db + " (seq " + std::to_string(seq) + ", " +
                std::to_string(tent.queue().size()) + " waiting, " + std::to_string(tent.tables().size()) + " tables)",
            {{"db", o.db}, {"seq", seq}, {"waiting", tent.queue().size()}, {"tables", tent.tables().size()}});
  log::info("net", "listening on port " + std::to_string(server.port()), {{"port", server.port()}, {"bind", o.bind}});
  for (auto const& host : host_addresses(server.local_endpoint().address())) {
    auto const base = "http://" + host + ":" + std::to_string(server.port());
    for (auto const& [label, page, path] : pages)
      log::info("app", label + base + path, {{"page", page}, {"url", base + path}});
    // The event's other tents: the same pages under each one's address.
    for (auto const& [id, entry] : tent_server.dispatcher().tents().all())
      if (!id.empty())
        log::info("app", "tent       " + base + app::tent_prefix(id) + "/  " + entry.tent.settings().tent_name,
                  {{"tent", id}, {"url", base + app::tent_prefix(id) + "/"}});
  }
  announce_new_pins(access.generated());
  if (backups)
    log::info("backup",
              "a copy every " + std::to_string(o.backups.every_s) + " s into " + o.backups.folder + ", the newest " +
                  std::to_string(o.backups.keep) + " kept",
              {{"folder", o.backups.folder}, {"every_s", o.backups.every_s}, {"keep", o.backups.keep}});

  tent_server.start_ticking();
  if (backups) backups->start();
  ioc.run();
  threads.join();
  // A clean stop: make the next start quick by storing the state, unless the newest snapshot is recent.
  auto const& stopped = tent_server.dispatcher();
  app::save_snapshot_if_behind(store, stopped.tents(), stopped.seq(), app::snapshot_at_stop_after);
  log::info("app", "stopped", {{"seq", stopped.seq()}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto const parsed = app::parse_options(argc, argv, [](char const* name) { return std::getenv(name); });
  if (!parsed.options) {
    std::cerr << "massage-tent: " << parsed.error << "\n";
    return 2;
  }
  try {
    switch (parsed.options->command) {
      case app::Options::Command::help:
        std::cout << app::usage(parsed.options->help_for);
        return 0;
      case app::Options::Command::serve:
        return serve(*parsed.options);
      case app::Options::Command::op:
        return app::run_op(*parsed.options, std::cout, std::cerr);
      case app::Options::Command::backup:
        return app::run_backup(*parsed.options, std::cout);
      case app::Options::Command::restore:
        return app::run_restore(*parsed.options, std::cout);
      case app::Options::Command::import_roster:
        return app::run_import_roster(*parsed.options, std::cout, std::cerr);
      case app::Options::Command::export_day:
        return app::run_export(*parsed.options, std::cout);
      case app::Options::Command::reset_pin:
        return app::run_reset_pin(*parsed.options, std::cout);
      case app::Options::Command::standby:
        return app::run_standby(*parsed.options, std::cout);
      case app::Options::Command::simulate:
        return app::run_simulate(*parsed.options, std::cout, std::cerr);
    }
  } catch (std::exception const& e) {
    std::cerr << "massage-tent: " << e.what() << "\n";
    return 1;
  }
  return 1;
}
