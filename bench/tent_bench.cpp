// Benchmarks for docs/performance.md (not a test: run by hand, figures recorded with the date
// and the machine). Three parts:
//   core    a day of 5,000 runners through 60 tables in the pure core: cost per command, replay
//   store   commit latency of one batch (WAL, synchronous=FULL) on a real file
//   fanout  N WebSocket subscribers on loopback: time from a check-in's POST to the update frame
//           reaching the last subscriber
//   commit  the in-memory commit path of one check-in (decide + apply + frame + reply view, no
//           store, no sockets) with 0, 1,000 and 9,000 runners already waiting
// Usage: tent_bench [core|store|fanout|commit] [--clients N] [--rounds R]

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "app/frames.hpp"
#include "app/options.hpp"
#include "app/views.hpp"
#include "app/tent_server.hpp"
#include "core/estimate.hpp"
#include "core/tent.hpp"
#include "net/server.hpp"
#include "protocol/events_json.hpp"

namespace {

using namespace tent;
using clock_type = std::chrono::steady_clock;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

double micros(clock_type::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Summary { double median, p90, max; };
Summary summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double p) { return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))]; };
  return {at(0.5), at(0.9), v.back()};
}
void print(char const* what, Summary s, char const* unit) {
  std::cout << what << ": median " << s.median << " " << unit << ", p90 " << s.p90 << " " << unit << ", max " << s.max << " " << unit << "\n";
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
  for (int i = 1; i <= 60; ++i) { exec(cmd::CreateTable{"Table " + std::to_string(i)}); exec(cmd::OpenTable{i}); }
  std::mt19937 rng(7);
  int next_bib = 1;
  while (tent.history().served < 5000) {
    now += 1000;
    for (int k = 0; k < 2 && next_bib <= 5000; ++k) exec(cmd::CheckIn{std::to_string(next_bib++), {Area::calves}, {}, "r" + std::to_string(next_bib), cmd::Source::kiosk});
    auto const& t = tent.tables()[rng() % 60];
    switch (t.state) {
      case TableState::called: exec(cmd::Arrive{t.id}); break;
      case TableState::in_session: if (now - t.started_at > seconds(300)) exec(cmd::Finish{t.id}); break;
      case TableState::changeover: exec(cmd::MarkReady{t.id}); break;
      default: exec(cmd::Tick{}); break;
    }
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
  std::cout << "core: replay of " << log.size() << " stored batches (a 5,000-runner day): "
            << micros(clock_type::now() - start) / 1000 << " ms\n";
  return 0;
}

// One check-in as the dispatcher commits it, minus the store: decide, apply, the update frame
// for both audiences and the reply's ticket view. Every table is busy, so each runner waits.
double commit_path(Tent& tent, Bib const& bib, Millis now, std::int64_t seq) {
  auto const start = clock_type::now();
  auto const d = tent.decide(cmd::CheckIn{bib, {Area::calves}, {}, "C" + bib, cmd::Source::kiosk}, now);
  if (!d.ok()) throw std::runtime_error("check-in refused");
  Batch const batch{now, d.events};
  tent.apply(batch);
  auto const frame = app::build_frame(tent, tent.queue_changes(), batch, seq);
  auto const reply = app::ticket_view(tent, *tent.ticket(bib), eta(tent, now), app::Audience::public_).dump();
  auto const took = micros(clock_type::now() - start);
  if (frame.public_text->empty() || reply.empty()) throw std::runtime_error("nothing rendered");
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
      tent.execute(cmd::CheckIn{"T" + std::to_string(i), {}, {}, {}, cmd::Source::volunteer}, now);
      seq += 3;
    }
    for (int i = 0; i < waiting; ++i) tent.execute(cmd::CheckIn{"W" + std::to_string(i), {}, {}, {}, cmd::Source::volunteer}, now);
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
    std::string const batch = R"([{"type":"checked_in","bib":"1234","areas":["calves"],"request_id":"kiosk-1","category":"","priority":false,"quoted_wait_s":600,"by_volunteer":false}])";
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
  app::TentServer app(server_io, store, access, app::default_web_root(),
                      [] { return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count(); });
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
  print(("fanout: POST to the last of " + std::to_string(clients) + " subscribers").c_str(), summarise(latencies), "ms");
  asio::post(server_io, [&] { server.stop(); });
  server_thread.join();
  for (auto& ws : subs) { beast::error_code ec; ws->next_layer().close(ec); }
  client_io.stop();
  client_thread.join();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string what = argc > 1 ? argv[1] : "core";
  int clients = 1000, rounds = 50;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string const flag = argv[i];
    if (flag == "--clients") clients = std::stoi(argv[i + 1]);
    if (flag == "--rounds") rounds = std::stoi(argv[i + 1]);
  }
  if (what == "core") return bench_core();
  if (what == "store") return bench_store(rounds);
  if (what == "fanout") return bench_fanout(clients, rounds);
  if (what == "commit") return bench_commit(rounds);
  std::cerr << "usage: tent_bench [core|store|fanout|commit] [--clients N] [--rounds R]\n";
  return 2;
}
