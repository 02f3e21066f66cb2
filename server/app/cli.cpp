#include "app/cli.hpp"

#include "app/access.hpp"
#include "app/dispatcher.hpp"
#include "app/local_time.hpp"
#include "app/planning.hpp"
#include "app/sessions_export.hpp"
#include "app/temp_folder.hpp"
#include "app/views.hpp"
#include "core/stats.hpp"
#include "net/options.hpp"
#include "protocol/errors.hpp"
#include "protocol/events_json.hpp"
#include "protocol/roster_csv.hpp"
#include "store/backup.hpp"
#include "store/event_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace tent::app {

namespace fs = std::filesystem;

namespace {

std::string stamp_now() {
  auto const now = wall_clock();
  return file_stamp(now, machine_offset_s(now));
}

// A file's whole content; throws naming the file.
std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  return {std::istreambuf_iterator<char>(in), {}};
}

// Text to a file, or to `out` for "-"; throws naming the file.
void write_to(std::string const& path, std::string const& text, std::ostream& out) {
  if (path == "-") {
    out << text;
    return;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!(file << text) || !file.flush()) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

DatabaseLock::DatabaseLock(std::string const& db) {
  store::EventStore::create_folder(db);
  auto const path = db + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0)
    throw std::runtime_error("cannot create the lock file " + path + " (" + std::strerror(errno) +
                             "). It lives beside the database: make that folder writable for this user, or give "
                             "--db a path in a folder you can write to.");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw std::runtime_error("another massage-tent is using " + db +
                             " (stop it first; with the server running, use the organiser's page or its API)");
  }
}

DatabaseLock::~DatabaseLock() { ::close(fd_); }

int run_op(Options const& o, std::ostream& out, std::ostream& err) {
  DatabaseLock lock(o.db);
  store::EventStore store(o.db);
  auto params = protocol::parse_body(o.op_params, net::max_body_bytes);
  if (!params) {
    err << "massage-tent: the op's parameters are not valid JSON\n";
    return 2;
  }
  Dispatcher dispatcher(store, nullptr);
  auto const reply = dispatcher.execute(o.tent, o.op, *params, auth::Role::organiser, wall_clock());
  out << reply.body.dump(2) << "\n";
  return reply.status < 400 ? 0 : 1;
}

int run_backup(Options const& o, std::ostream& out) {
  std::error_code ec;
  store::CopyInfo info;
  std::string file = o.to;
  if (fs::is_directory(o.to, ec)) {
    auto const copy = store::back_up_into(o.db, o.to, stamp_now(), std::numeric_limits<std::size_t>::max());
    file = copy.file.string();
    info = copy.info;
  } else {
    info = store::copy_database(o.db, o.to);
  }
  out << "massage-tent: " << o.db << " copied to " << file << " (" << info.last_seq << " batches, " << info.bytes
      << " bytes; integrity check ok)\n";
  return 0;
}

int run_restore(Options const& o, std::ostream& out) {
  DatabaseLock lock(o.db);
  auto const info = store::check_database(o.from);
  auto const kept = store::restore_database(o.from, o.db, stamp_now());
  out << "massage-tent: " << o.db << " restored from " << o.from << " (" << info.last_seq << " batches)\n";
  if (!kept.empty()) out << "the database it replaced was moved to " << kept.string() << "\n";
  return 0;
}

int run_import_roster(Options const& o, std::ostream& out, std::ostream& err) {
  auto const parsed = protocol::parse_roster_csv(read_file(o.input), o.columns);
  for (auto const& row : roster_rejections(parsed))
    err << o.input << ":" << row["line"].get<std::size_t>() << ": " << row["reason"].get<std::string>() << "\n";
  if (o.dry_run) {
    out << "massage-tent: " << parsed.entries.size() << " runners would load from " << o.input << ", "
        << parsed.rejected.size() << " rows rejected (nothing was loaded)\n";
    return parsed.entries.empty() ? 1 : 0;
  }
  if (parsed.entries.empty()) {
    err << "massage-tent: no runner could be read from " << o.input << "; the roster is unchanged\n";
    return 1;
  }
  DatabaseLock lock(o.db);
  store::EventStore store(o.db);
  Dispatcher dispatcher(store, nullptr);
  auto const reply = dispatcher.execute(o.tent, "roster", nlohmann::json{{"entries", parsed.entries}},
                                        auth::Role::organiser, wall_clock());
  if (reply.status >= 400) {
    err << "massage-tent: the roster was refused: " << reply.body.dump() << "\n";
    return 1;
  }
  out << "massage-tent: " << parsed.entries.size() << " runners loaded from " << o.input << " into " << o.db << ", "
      << parsed.rejected.size() << " rows rejected\n";
  return 0;
}

int run_export(Options const& o, std::ostream& out) {
  // A copy, so that a running server is neither stopped nor written to.
  TempFolder temp;
  auto const copy = (temp.path() / "tent.db").string();
  store::copy_database(o.db, copy);
  store::EventStore store(copy);
  Dispatcher dispatcher(store, nullptr);
  // An event of several tents: every tent's sessions in one file, and each tent's summary.
  auto const& tents = dispatcher.tents();
  bool const several = tents.all().size() > 1;
  auto const now = wall_clock();
  if (!o.sessions_to.empty())
    write_to(o.sessions_to,
             several ? event_csv(tents, machine_offset_s) : sessions_csv(tents.first(), machine_offset_s), out);
  if (!o.summary_to.empty()) {
    auto summary = stats_view(compute_stats(tents.first(), now), tents.first());
    if (several) {
      summary = {{"tents", nlohmann::json::array()}};
      for (auto const& [id, entry] : tents.all())
        summary["tents"].push_back({{"id", id},
                                    {"name", entry.tent.settings().tent_name},
                                    {"stats", stats_view(compute_stats(entry.tent, now), entry.tent)}});
    }
    write_to(o.summary_to, summary.dump(2) + "\n", out);
  }
  for (auto const* file : {&o.sessions_to, &o.summary_to})
    if (!file->empty() && *file != "-") out << "massage-tent: wrote " << *file << "\n";
  return 0;
}

int run_reset_pin(Options const& o, std::ostream& out) {
  DatabaseLock lock(o.db);
  store::EventStore store(o.db);
  auto const& given = o.input == "organiser" ? o.secrets.organiser_pin : o.secrets.volunteer_pin;
  auto const pin = given ? *given : Access::new_pin();
  Access::store_pin(store, o.input, pin);
  if (given)
    out << "massage-tent: the " << o.input << " PIN of " << o.db << " is now the one in " << o.pin_file << "\n";
  else
    out << "NEW " << o.input << " PIN: " << pin << "  (stored hashed; write it down now)\n";
  return 0;
}

int run_simulate(Options const& o, std::ostream& out, std::ostream& err) {
  auto const& sim = o.simulation;
  nlohmann::json plan;
  if (sim.plan.empty()) {
    // The command line's own form: walk, changeover and no-shows 0 unless given.
    plan = {{"walk_s", 0}, {"changeover_s", 0}, {"session", {{"dist", "exponential"}}}};
  } else {
    auto parsed = protocol::parse_body(read_file(sim.plan), 64 * net::max_body_bytes);
    if (!parsed || !parsed->is_object()) {
      err << "massage-tent: " << sim.plan << " is not a JSON object (a plan: docs/planning.md)\n";
      return 1;
    }
    plan = std::move(*parsed);
  }
  auto session = plan.contains("session") && plan["session"].is_object() ? plan["session"] : nlohmann::json::object();
  if (!sim.session_dist.empty()) session["dist"] = sim.session_dist;
  for (auto const& [flag, value] : sim.numbers) {
    if (flag == "arrivals-per-hour" || flag == "hours") {
      if (!plan.contains("arrivals") || !plan["arrivals"].is_object()) plan["arrivals"] = nlohmann::json::object();
      plan["arrivals"][flag == "hours" ? "hours" : "per_hour"] = value;
    } else if (flag == "session-mean-s") {
      session["mean_min"] = value / 60;
    } else {
      auto key = flag;
      std::replace(key.begin(), key.end(), '-', '_');
      plan[key] = value;
    }
  }
  if (!session.empty()) plan["session"] = session;

  std::optional<sim::Recorded> recorded;
  if (!sim.replay.empty()) {
    recorded = recorded_day_in(sim.replay, o.tent, machine_offset_s);
  }
  auto const decoded = protocol::decode_plan(plan, recorded ? &*recorded : nullptr);
  if (!decoded.request) {
    err << "massage-tent: the plan was refused: " << decoded.error.code << ": " << decoded.error.message << "\n";
    return 1;
  }
  out << answer_plan(*decoded.request, recorded ? &*recorded : nullptr).dump(2) << "\n";
  return 0;
}

}  // namespace tent::app
