// Benchmarks for docs/performance.md (not a test: run by hand, figures recorded with the date
// and the machine). Three parts:
//   core    a day of 5,000 runners through 60 tables in the pure core: cost per command, replay
//   store   commit latency of one batch (WAL, synchronous=FULL) on a real file
//   fanout  N WebSocket subscribers on loopback: time from a check-in's POST to the update frame
//           reaching the last subscriber
//   commit  the in-memory commit path of one check-in (decide + apply + frame + reply view, no
//           store, no sockets) with 0, 1,000 and 9,000 runners already waiting
//   startup a season in one database (--batches N, default 1,000,000): start-up with and without
//           snapshots, and the cost of a snapshot (encode, decode, store); --keep yes leaves the file
//   open    the time to start the dispatcher on an existing database (--db PATH)
//   plan    the staffing simulator on a plan file (--plan PATH, default docs/plans/marathon.json)
//           at take-ups of 3, 10 and 25 %: a simulated day, and the fewest-tables search
// Usage: tent_bench [core|store|fanout|commit|startup|open|plan] [--clients N] [--rounds R] [--batches N]
//                   [--keep yes] [--db PATH] [--plan PATH]

#include "app/dispatcher.hpp"
#include "app/frames.hpp"
#include "app/options.hpp"
#include "app/snapshots.hpp"
#include "app/tent_server.hpp"
#include "app/views.hpp"
#include "core/estimate.hpp"
#include "core/simulator.hpp"
#include "core/tent.hpp"
#include "core/tent_state.hpp"
#include "net/server.hpp"
#include "protocol/events_json.hpp"
#include "protocol/plan_json.hpp"
#include "protocol/state_codec.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

namespace {

using namespace tent;
using clock_type = std::chrono::steady_clock;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

double micros(clock_type::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Summary {
  double median, p90, max;
};
Summary summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  };
  return {at(0.5), at(0.9), v.back()};
}
void print(char const* what, Summary s, char const* unit) {
  std::cout << what << ": median " << s.median << " " << unit << ", p90 " << s.p90 << " " << unit << ", max " << s.max
            << " " << unit << "\n";
}

// One volunteer step of a benchmark day: a table picked at random (of the 60) moves on: its runner
// arrives, a session over 5 minutes finishes, a changeover ends; otherwise time passes.
template <class Exec>
void work_a_table(Tent const& tent, std::mt19937& rng, Millis now, Exec&& exec) {
  auto const& t = tent.tables()[rng() % 60];
  switch (t.state) {
    case TableState::called:
      exec(cmd::Arrive{t.id});
      break;
    case TableState::in_session:
      if (now - t.started_at > seconds(300)) exec(cmd::Finish{t.id});
      break;
    case TableState::changeover:
      exec(cmd::MarkReady{t.id});
      break;
    default:
      exec(cmd::Tick{});
      break;
  }
}

// A tent day: tables open, runners check in, every table cycles arrive -> finish -> ready.
std::vector<Batch> run_day(Tent& tent, std::vector<double>& costs) {
  std::vector<Batch> log;
  Millis now = 1'795'000'000'000;
  auto exec = [&](Command const& c) {
    auto const start = clock_type::now();
    auto d = tent.decide(c, now);
    if (d.ok() && !d.events.empty()) {
      log.push_back({now, d.events});
      tent.apply(log.back());
    }
    costs.push_back(micros(clock_type::now() - start));
  };
  for (int i = 1; i <= 60; ++i) {
    exec(cmd::CreateTable{"Table " + std::to_string(i)});
    exec(cmd::OpenTable{i});
  }
  std::mt19937 rng(7);
  int next_bib = 1;
  while (tent.history().served < 5000) {
    now += 1000;
    for (int k = 0; k < 2 && next_bib <= 5000; ++k)
      exec(cmd::CheckIn{
          std::to_string(next_bib++), {Area::calves}, {}, "r" + std::to_string(next_bib), cmd::Source::kiosk, {}});
    work_a_table(tent, rng, now, exec);
  }
  return log;
}

int bench_core() {
  Tent tent;
  std::vector<double> costs;
  auto const log = run_day(tent, costs);
  print("core: decide + apply per command", summarise(costs), "us");
  std::vector<std::string> stored;
  for (auto const& b : log) stored.push_back(protocol::encode_events(b.events));
  auto const start = clock_type::now();
  Tent replayed;
  for (std::size_t i = 0; i < log.size(); ++i) replayed.apply(Batch{log[i].at, protocol::decode_events(stored[i])});
  std::cout << "core: replay of " << log.size()
            << " stored batches (a 5,000-runner day): " << micros(clock_type::now() - start) / 1000 << " ms\n";
  return 0;
}

// One check-in as the dispatcher commits it, minus the store: decide, apply, the update frame
// for both audiences and the reply's ticket view. Every table is busy, so each runner waits.
double commit_path(Tent& tent, Bib const& bib, Millis now, std::int64_t seq) {
  auto const start = clock_type::now();
  auto const d = tent.decide(cmd::CheckIn{bib, {Area::calves}, {}, "C" + bib, cmd::Source::kiosk, {}}, now);
  if (!d.ok()) throw std::runtime_error("check-in refused");
  Batch const batch{now, d.events};
  tent.apply(batch);
  auto const frame = app::build_frame(tent, tent.queue_changes(), batch, seq);
  auto const reply = app::ticket_view(tent, *tent.ticket(bib), eta(tent, now), app::Audience::public_).dump();
  auto const took = micros(clock_type::now() - start);
  if (frame.public_message.payload().empty() || reply.empty()) throw std::runtime_error("nothing rendered");
  return took;
}

int bench_commit(int rounds) {
  for (int const waiting : {0, 1000, 9000}) {
    Tent tent;
    Millis now = 1'795'000'000'000;
    std::int64_t seq = 0;
    for (int i = 1; i <= 60; ++i) {
      tent.execute(cmd::CreateTable{"Table " + std::to_string(i)}, now);
      tent.execute(cmd::OpenTable{i}, now);
      tent.execute(cmd::CheckIn{"T" + std::to_string(i), {}, {}, {}, cmd::Source::volunteer, {}}, now);
      seq += 3;
    }
    for (int i = 0; i < waiting; ++i)
      tent.execute(cmd::CheckIn{"W" + std::to_string(i), {}, {}, {}, cmd::Source::volunteer, {}}, now);
    std::vector<double> costs;
    for (int r = 0; r < rounds; ++r) {
      now += 1000;
      costs.push_back(commit_path(tent, "B" + std::to_string(r), now, ++seq));
      tent.execute(cmd::Remove{"B" + std::to_string(r)}, now);  // keep the line at `waiting`
    }
    print(("commit: one check-in with " + std::to_string(waiting) + " waiting").c_str(), summarise(costs), "us");
  }
  return 0;
}

int bench_store(int rounds) {
  auto const path = std::filesystem::temp_directory_path() / "tent-bench-store.db";
  std::filesystem::remove(path);
  std::vector<double> costs;
  {
    store::EventStore store(path.string());
    std::string const batch =
        R"([{"type":"checked_in","bib":"1234","areas":["calves"],"request_id":"kiosk-1","category":"","priority":false,"quoted_wait_s":600,"by_volunteer":false}])";
    for (int i = 0; i < rounds; ++i) {
      auto const start = clock_type::now();
      store.append(i, batch);
      costs.push_back(micros(clock_type::now() - start));
    }
  }
  std::filesystem::remove(path);
  print("store: one committed batch (fsync)", summarise(costs), "us");
  return 0;
}

int bench_fanout(int clients, int rounds) {
  auto const dir = std::filesystem::temp_directory_path() / "tent-bench-fanout";
  std::filesystem::remove_all(dir);
  store::EventStore store((dir / "tent.db").string());
  app::Access access(store, {"1111", "222222", std::nullopt});
  asio::io_context server_io;
  app::TentServer app(server_io, store, access, app::default_web_root(), [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  });
  net::Server server(server_io, {asio::ip::make_address("127.0.0.1"), 0}, app);
  std::thread server_thread([&] { server_io.run(); });

  asio::io_context client_io;
  std::vector<std::unique_ptr<beast::websocket::stream<tcp::socket>>> subs;
  std::vector<beast::flat_buffer> buffers(static_cast<std::size_t>(clients));
  for (int i = 0; i < clients; ++i) {
    auto ws = std::make_unique<beast::websocket::stream<tcp::socket>>(client_io);
    ws->next_layer().connect({asio::ip::make_address("127.0.0.1"), server.port()});
    ws->handshake("127.0.0.1", "/ws");
    ws->read(buffers[static_cast<std::size_t>(i)]);  // the snapshot
    buffers[static_cast<std::size_t>(i)].clear();
    subs.push_back(std::move(ws));
  }
  std::atomic<int> received{0};
  std::atomic<clock_type::rep> last{0};
  std::function<void(std::size_t)> read_one = [&](std::size_t i) {
    subs[i]->async_read(buffers[i], [&, i](beast::error_code ec, std::size_t) {
      if (ec) return;
      buffers[i].clear();
      last = clock_type::now().time_since_epoch().count();
      ++received;
      read_one(i);
    });
  };
  for (std::size_t i = 0; i < subs.size(); ++i) read_one(i);
  std::thread client_thread([&] { client_io.run(); });

  std::vector<double> latencies;
  for (int r = 0; r < rounds; ++r) {
    received = 0;
    asio::io_context post_io;
    tcp::socket s(post_io);
    s.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    beast::http::request<beast::http::string_body> req{beast::http::verb::post, "/api/checkins", 11};
    req.set(beast::http::field::host, "127.0.0.1");
    req.body() = R"({"bib":")" + std::to_string(r + 1) + R"("})";
    req.prepare_payload();
    auto const start = clock_type::now();
    beast::http::write(s, req);
    while (received.load() < clients) std::this_thread::yield();
    latencies.push_back(micros(clock_type::duration(last.load()) - start.time_since_epoch()) / 1000);
    beast::flat_buffer b;
    beast::http::response<beast::http::string_body> res;
    beast::http::read(s, b, res);
  }
  print(("fanout: POST to the last of " + std::to_string(clients) + " subscribers").c_str(), summarise(latencies),
        "ms");
  asio::post(server_io, [&] { server.stop(); });
  server_thread.join();
  for (auto& ws : subs) {
    beast::error_code ec;
    ws->next_layer().close(ec);
  }
  client_io.stop();
  client_thread.join();
  std::filesystem::remove_all(dir);
  return 0;
}

// ---- startup ---------------------------------------------------------------------------------
// A season on one laptop: race day after race day in one database, each day 5,000 new runners (new
// bibs and request ids each day, so tickets, request ids and history grow all season: the heavier
// case) through 60 tables opened on the first day, a week between days.

double millis(clock_type::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Wall-clock milliseconds of f(); the process CPU time it took is added to cpu_total (the machine is
// shared: wall time includes waiting for a core, CPU time does not).
double cpu_total = 0;
template <class F>
double time_ms(F&& f) {
  auto const start = clock_type::now();
  auto const cpu_start = std::clock();
  f();
  cpu_total += 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return millis(clock_type::now() - start);
}
// time_ms, printed as "wall ms (cpu ms)".
template <class F>
std::string timed(F&& f) {
  auto const cpu_before = cpu_total;
  auto const wall = time_ms(std::forward<F>(f));
  std::ostringstream out;
  out.precision(4);
  out << wall << " ms (cpu " << cpu_total - cpu_before << " ms)";
  return out.str();
}

// Calls sink(batch) for each accepted batch until `batches` have been produced.
void run_season(Tent& tent, std::int64_t batches, std::function<void(Batch const&)> const& sink) {
  std::int64_t produced = 0;
  Millis now = 1'795'000'000'000;
  auto exec = [&](Command const& c) {
    if (produced >= batches) return;
    auto d = tent.decide(c, now);
    if (!d.ok() || d.events.empty()) return;
    Batch const b{now, std::move(d.events)};
    tent.apply(b);
    sink(b);
    ++produced;
  };
  for (int i = 1; i <= 60; ++i) {
    exec(cmd::CreateTable{"Table " + std::to_string(i)});
    exec(cmd::OpenTable{i});
  }
  std::mt19937 rng(7);
  for (int day = 1; produced < batches; ++day) {
    auto const served_before = tent.history().served;
    int next = 1;
    while (produced < batches && tent.history().served - served_before < 5000) {
      now += 1000;
      for (int k = 0; k < 2 && next <= 5000; ++k, ++next)
        exec(cmd::CheckIn{std::to_string(day * 10000 + next),
                          {Area::calves},
                          {},
                          "d" + std::to_string(day) + "r" + std::to_string(next),
                          cmd::Source::kiosk,
                          {}});
      work_a_table(tent, rng, now, exec);
    }
    now += seconds(7 * 24 * 3600);
  }
}

// Opening the server's store and dispatcher, as `serve` does (tearing them down again is not timed).
std::string open_dispatcher(std::string const& path, std::int64_t& seq) {
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<app::Dispatcher> d;
  auto const took = timed([&] {
    store = std::make_unique<store::EventStore>(path);
    d = std::make_unique<app::Dispatcher>(*store, nullptr);
  });
  seq = d->seq();
  return took;
}

// Start-up on an existing database (e.g. one `startup --keep` left behind, or a copy of a real one).
int bench_open(std::string const& path) {
  std::int64_t seq = 0;
  auto const took = open_dispatcher(path, seq);
  std::cout << "open: " << path << " up to seq " << seq << ": " << took << "\n";
  return 0;
}

int bench_startup(std::int64_t batches, bool keep) {
  auto const path = (std::filesystem::temp_directory_path() / "tent-bench-startup.db").string();
  for (auto const* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  { store::EventStore create(path); }
  // The log, written in large transactions (the bench is about reading it back, not about fsync).
  std::int64_t const worst_seq = batches - (app::snapshot_interval - 1);  // a snapshot just before the next is due
  std::string worst_snapshot, day_snapshot;
  Millis worst_at = 0;
  std::string day_state_ms, day_encode_ms;
  Tent tent;
  auto const generated = timed([&] {
    store::Database db(path, store::open_readwrite);
    db.exec("PRAGMA synchronous = OFF");
    auto transaction = std::make_unique<store::Transaction>(db);
    auto insert = db.prepare("INSERT INTO batches (at, events) VALUES (?, ?)");
    std::int64_t seq = 0;
    run_season(tent, batches, [&](Batch const& b) {
      insert.bind(1, b.at);
      insert.bind(2, protocol::encode_events(b.events));
      insert.step();
      insert.reset();
      if (++seq % 100'000 == 0) {
        transaction->commit();
        transaction = std::make_unique<store::Transaction>(db);
      }
      if (seq == worst_seq) {
        worst_snapshot = protocol::encode_state(tent.state());
        worst_at = b.at;
      }
      if (tent.history().served == 5000 && day_snapshot.empty()) {  // the end of the first race day
        TentState state;
        day_state_ms = timed([&] { state = tent.state(); });
        day_encode_ms = timed([&] { day_snapshot = protocol::encode_state(state); });
      }
    });
    transaction->commit();
  });
  auto const& h = tent.history();
  std::cout << "startup: " << batches << " batches (" << tent.tickets().size() << " tickets, " << h.served
            << " sessions served, " << h.queue_length.size() << " queue-length samples) generated in " << generated
            << "\n";
  std::cout << "startup: snapshot of one race day (5,000 runners): state() " << day_state_ms << ", encode "
            << day_encode_ms << ", " << day_snapshot.size() / 1024 << " KiB\n";

  std::int64_t seq = 0, replayed_seq = 0, bytes_read = 0;
  auto const cold = timed([&] {  // reads the file once, so that what follows is timed from the page cache
    store::EventStore store(path);
    store.for_each(0, [&](store::StoredBatch const& b) { bytes_read += static_cast<std::int64_t>(b.events.size()); });
  });
  auto const full = timed([&] {
    store::EventStore store(path);
    replayed_seq = app::restore(store).seq;
  });
  auto const first = open_dispatcher(path, seq);
  std::cout << "startup: no snapshot, full replay of " << replayed_seq << " batches: " << full << " (reading "
            << bytes_read / (1024 * 1024) << " MiB of log cold first: " << cold
            << "); the first start of a dispatcher, which then stores a snapshot: " << first << "\n";
  {
    store::Database db(path, store::open_readwrite);
    db.exec("DELETE FROM snapshots");
  }

  // The season's state: cost of a snapshot at the end.
  TentState state;
  std::string bytes;
  auto const state_ms = timed([&] { state = tent.state(); });
  auto const encode_ms = timed([&] { bytes = protocol::encode_state(state); });
  TentState decoded;
  auto const decode_ms = timed([&] { decoded = protocol::decode_state(bytes); });
  auto const restore_ms = timed([&] { Tent::restore(std::move(decoded)); });
  std::string store_ms;
  {
    store::EventStore store(path);
    store_ms = timed([&] { store.save_snapshot(worst_seq, worst_at, worst_snapshot); });
  }
  std::cout << "startup: snapshot of the season's state: " << bytes.size() / (1024 * 1024) << " MiB; state() "
            << state_ms << ", encode " << encode_ms << ", decode " << decode_ms << ", Tent::restore " << restore_ms
            << ", store (one transaction, fsync) " << store_ms << "\n";

  // Worst case with snapshots: the newest is snapshot_interval - 1 batches old.
  auto const worst = open_dispatcher(path, seq);
  std::cout << "startup: snapshot at seq " << worst_seq << " + replay of " << seq - worst_seq << " batches: " << worst
            << "\n";
  {
    store::EventStore store(path);
    store.save_snapshot(batches, tent.last_at(), bytes);
  }
  auto const best = open_dispatcher(path, seq);
  std::cout << "startup: snapshot at the last seq (a clean stop), nothing to replay: " << best << "\n";

  // The alternatives weighed for the format: the same tickets and history as nlohmann JSON and CBOR
  // (parsing into a json value only; turning it into a TentState would come on top).
  nlohmann::json j;
  auto const build_ms = timed([&] {
    auto& tickets = j["tickets"] = nlohmann::json::array();
    for (auto const& [bib, t] : state.tickets)
      tickets.push_back({{"bib", t.bib},
                         {"status", static_cast<int>(t.status)},
                         {"areas", {1}},
                         {"red_flags", nlohmann::json::array()},
                         {"category", t.category},
                         {"priority", t.priority},
                         {"requeued", t.requeued},
                         {"checked_in_at", t.checked_in_at},
                         {"first_called_at", t.first_called_at},
                         {"called_at", t.called_at},
                         {"started_at", t.started_at},
                         {"finished_at", t.finished_at},
                         {"excluded_ms", t.excluded_ms},
                         {"quoted_wait_s", t.quoted_wait_s},
                         {"table", t.table.value_or(0)},
                         {"therapist", t.therapist},
                         {"visits", t.visits}});
    auto& requests = j["requests"] = nlohmann::json::object();
    for (auto const& [id, bib] : state.requests) requests[id] = bib;
    j["waits_ms"] = state.history.waits_ms;
    j["walks_ms"] = state.history.walks_ms;
    j["sessions_ms"] = state.history.sessions_ms;
    j["finished_at"] = state.history.finished_at;
    j["queue_length"] = state.history.queue_length;
    j["quotes"] = state.history.quotes;
  });
  std::string text;
  std::vector<std::uint8_t> cbor;
  auto const dump_ms = timed([&] { text = j.dump(); });
  std::size_t parsed_size = 0;
  auto const parse_ms = timed([&] { parsed_size += nlohmann::json::parse(text).size(); });
  auto const to_cbor_ms = timed([&] { cbor = nlohmann::json::to_cbor(j); });
  auto const from_cbor_ms = timed([&] { parsed_size += nlohmann::json::from_cbor(cbor).size(); });
  std::cout << "startup: the same tickets, request ids and history as JSON: " << text.size() / (1024 * 1024)
            << " MiB, build " << build_ms << ", dump " << dump_ms << ", parse " << parse_ms
            << "; as CBOR: " << cbor.size() / (1024 * 1024) << " MiB, to_cbor " << to_cbor_ms << ", from_cbor "
            << from_cbor_ms << " (" << parsed_size << " members)\n";
  if (keep)
    std::cout << "startup: kept " << path << " (snapshot at the last seq)\n";
  else
    for (auto const* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}

}  // namespace

// The simulator: one day and one search per take-up, each timed `rounds` times (median, max).
int bench_plan(std::string const& path, int rounds) {
  std::ifstream in(path);
  auto plan = nlohmann::json::parse(in);
  std::cout << "plan " << path << ", " << rounds << " rounds each\n";
  for (double const take_up : {0.03, 0.10, 0.25}) {
    plan["take_up"] = take_up;
    for (bool const search : {false, true}) {
      auto body = plan;
      if (search) body["goal"] = {{"p90_wait_min", 20}, {"max_tables", 100}};
      auto const decoded = protocol::decode_plan(body);
      if (!decoded.request) {
        std::cerr << decoded.error.message << "\n";
        return 1;
      }
      std::vector<double> took;
      std::size_t runners = 0;
      int runs = 1;
      for (int r = 0; r < rounds; ++r) {
        auto const start = clock_type::now();
        if (search) {
          auto const staffed = sim::fewest_tables(decoded.request->plan, *decoded.request->goal);
          runs = staffed.runs;
        } else {
          sim::simulate(decoded.request->plan);
        }
        took.push_back(micros(clock_type::now() - start) / 1000.0);
        runners = decoded.request->plan.arrivals.size();
      }
      auto const s = summarise(took);
      std::cout << "  take-up " << take_up * 100 << " %, " << runners << " runners, "
                << (search ? "search (" + std::to_string(runs) + " days)" : "one day") << ": median " << s.median
                << " ms, max " << s.max << " ms\n";
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  std::string what = argc > 1 ? argv[1] : "core";
  int clients = 1000, rounds = 50;
  std::int64_t batches = 1'000'000;
  bool keep = false;
  std::string db, plan = "docs/plans/marathon.json";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string const flag = argv[i];
    if (flag == "--clients") clients = std::stoi(argv[i + 1]);
    if (flag == "--rounds") rounds = std::stoi(argv[i + 1]);
    if (flag == "--batches") batches = std::stoll(argv[i + 1]);
    if (flag == "--db") db = argv[i + 1];
    if (flag == "--plan") plan = argv[i + 1];
    if (flag == "--keep") keep = std::string(argv[i + 1]) == "yes";
  }
  if (what == "core") return bench_core();
  if (what == "store") return bench_store(rounds);
  if (what == "fanout") return bench_fanout(clients, rounds);
  if (what == "commit") return bench_commit(rounds);
  if (what == "startup") return bench_startup(batches, keep);
  if (what == "open" && !db.empty()) return bench_open(db);
  if (what == "plan") return bench_plan(plan, std::min(rounds, 11));
  std::cerr
      << "usage: tent_bench [core|store|fanout|commit|startup|open|plan] [--clients N] [--rounds R] [--batches N] "
         "[--keep yes] [--db PATH] [--plan PATH]\n";
  return 2;
}
