// `massage-tent standby` through the real executable: following a primary under load, taking over
// after the primary is killed, resuming after a dropped connection, and what it refuses.

#include "../net/clients.hpp"
#include "../store/temp_dir.hpp"
#include "live_tent.hpp"
#include "process.hpp"
#include "store/event_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>

using namespace tent::app::test;
using nlohmann::json;
using tent::net::http::verb;
namespace fs = std::filesystem;
namespace store = tent::store;

namespace {

std::vector<std::string> standby_args(unsigned short primary_port, std::string const& db) {
  return {"standby", "--from", "http://127.0.0.1:" + std::to_string(primary_port), "--pin", organiser_pin, "--db", db};
}

std::vector<store::StoredBatch> batches_of(std::string const& db) {
  store::EventStore s(db);
  return s.read_after(0, std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max());
}

// Check-ins posted one after another from a thread until stopped; the bibs acknowledged with 201.
class Load {
public:
  explicit Load(unsigned short port, int first_bib) {
    thread_ = std::thread([this, port, first_bib] {
      for (int bib = first_bib; !done_; ++bib) {
        int status = 0;
        try {
          post(port, "/api/checkins", R"({"bib":")" + std::to_string(bib) + R"("})", status);
        } catch (std::exception const&) {
          break;  // the server is gone
        }
        if (status != 201) break;
        std::lock_guard lock(mutex_);
        acknowledged_.push_back(std::to_string(bib));
      }
    });
  }
  ~Load() { finish(); }
  void finish() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  void wait_for(std::size_t n) {
    while (acknowledged().size() < n) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

private:
  std::atomic<bool> done_{false};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::thread thread_;
};

// The batches that hold a check-in of `bib`.
bool holds_checkin(std::vector<store::StoredBatch> const& batches, std::string const& bib) {
  auto const needle = "\"bib\":\"" + bib + "\"";
  for (auto const& b : batches)
    if (b.events.find("checked_in") != std::string::npos && b.events.find(needle) != std::string::npos) return true;
  return false;
}

json first_frame(unsigned short port, std::string const& target) {
  boost::asio::io_context ioc;
  tent::net::test::WsClient ws(ioc, port, target);
  return json::parse(ws.read());
}

}  // namespace

TEST_CASE("A standby follows a primary under check-in load, and after kill -9 serves the day from its last batch",
          "[app][standby]") {
  store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const primary_db = dir.file("primary.db"), standby_db = dir.file("standby.db");
  auto primary = spawn(serve_args(primary_db), dir.file("primary.log"));
  REQUIRE(primary.port != 0);
  // What a display saw from the primary: its run and a seq.
  auto const seen = first_frame(primary.port, "/ws");
  REQUIRE(seen["type"] == "snapshot");

  Load load(primary.port, 1000);
  load.wait_for(20);
  auto const standby_log = dir.file("standby.log");
  auto standby = spawn(standby_args(primary.port, standby_db), standby_log, {}, "standby: holding ");
  REQUIRE_FALSE(standby.exited);
  load.wait_for(load.acknowledged().size() + 300);  // the standby follows while check-ins go on

  kill(primary.pid, SIGKILL);
  auto const killed_at = std::chrono::steady_clock::now();
  wait_exit(primary.pid);
  load.finish();
  auto const acknowledged = load.acknowledged();
  auto const from = standby.output.size();
  REQUIRE(wait_for_output(standby, standby_log, "cannot reach the primary", from));
  // The exact takeover: stop the standby, serve its database.
  CHECK(stop(standby) == 0);
  standby.output = read_log(standby_log);
  CHECK_THAT(standby.output, Catch::Contains("To take over: massage-tent serve --db " + standby_db));

  auto const primary_batches = batches_of(primary_db);
  auto const standby_batches = batches_of(standby_db);
  auto const held = standby_batches.size();
  REQUIRE(held > 0);
  CHECK_THAT(standby.output, Catch::Contains(standby_db + " holds " + std::to_string(held) + " batches"));
  REQUIRE(primary_batches.size() >= held);
  // Byte for byte the primary's log, up to the last batch the standby received.
  CHECK(std::equal(standby_batches.begin(), standby_batches.end(), primary_batches.begin()));
  std::vector<store::StoredBatch> const received(primary_batches.begin(),
                                                 primary_batches.begin() + static_cast<std::ptrdiff_t>(held));

  auto server = spawn(serve_args(standby_db), dir.file("takeover.log"));
  REQUIRE(server.port != 0);
  auto const took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed_at).count();
  WARN("takeover: " << took_ms << " ms from kill -9 of the primary to the standby's database served; "
                    << primary_batches.size() - held << " of " << primary_batches.size()
                    << " batches were still on their way to the standby");

  // Every check-in the standby received is in the line it now serves; a check-in it did not receive
  // is not in its database either.
  std::size_t in_line = 0;
  for (auto const& bib : acknowledged) {
    if (!holds_checkin(received, bib)) continue;
    int status = 0;
    auto const body = get(server.port, "/api/tickets/" + bib, status);
    INFO(bib << " " << body);
    CHECK(status == 200);
    CHECK(json::parse(body)["ticket"]["status"] == "waiting");
    ++in_line;
  }
  CHECK(in_line + 5 >= acknowledged.size() - (primary_batches.size() - held));
  CHECK(in_line > 300);

  // The day goes on: the next check-in is the batch after the last one received.
  int status = 0;
  post(server.port, "/api/checkins", R"({"bib":"9999"})", status);
  CHECK(status == 201);
  CHECK(batches_of(standby_db).back().seq == received.back().seq + 1);

  // A display that saw the old primary's frames reconnects with since and run: it gets a snapshot of
  // this day (whatever its seq, it came from another run); one that reconnects with this run's seq
  // and run continues with a hello.
  auto const seq_seen = primary_batches.back().seq;
  auto const again =
      first_frame(server.port, "/ws?since=" + std::to_string(seq_seen) + "&run=" + seen["run"].get<std::string>());
  CHECK(again["type"] == "snapshot");
  CHECK(again["seq"] == received.back().seq + 1);
  CHECK(again["run"] != seen["run"]);
  auto const current = first_frame(
      server.port, "/ws?since=" + std::to_string(received.back().seq + 1) + "&run=" + again["run"].get<std::string>());
  CHECK(current["type"] == "hello");
  CHECK(stop(server) == 0);
}

TEST_CASE("A standby carries on after the primary restarts, without a gap or a duplicate", "[app][standby]") {
  store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const primary_db = dir.file("primary.db"), standby_db = dir.file("standby.db");
  auto primary = spawn(serve_args(primary_db), dir.file("primary.log"));
  REQUIRE(primary.port != 0);
  auto const port = primary.port;
  {
    Load load(port, 1000);
    load.wait_for(50);
  }
  auto const standby_log = dir.file("standby.log");
  auto standby = spawn(standby_args(port, standby_db), standby_log, {}, "(up to date)");
  REQUIRE_FALSE(standby.exited);
  {
    Load load(port, 2000);
    load.wait_for(50);
  }
  CHECK(stop(primary) == 0);
  auto const from = standby.output.size();
  REQUIRE(wait_for_output(standby, standby_log, "cannot reach the primary", from));

  auto args = serve_args(primary_db);
  *std::find(args.begin(), args.end(), "0") = std::to_string(port);  // the same address again
  primary = spawn(args, dir.file("primary2.log"));
  REQUIRE(primary.port == port);
  {
    Load load(port, 3000);
    load.wait_for(50);
  }
  REQUIRE(wait_for_output(standby, standby_log, "the primary answers again", from));
  auto const last = batches_of(primary_db).back().seq;
  REQUIRE(wait_for_output(standby, standby_log, "holding " + std::to_string(last) + " of the primary's", from));
  CHECK(stop(standby) == 0);
  CHECK(stop(primary) == 0);
  CHECK(batches_of(standby_db) == batches_of(primary_db));
}

TEST_CASE("A standby stops, exit 1, on a wrong PIN, another day's database, or a primary that lost batches",
          "[app][standby]") {
  store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const primary_db = dir.file("primary.db"), early_db = dir.file("early.db");
  auto primary = spawn(serve_args(primary_db), dir.file("primary.log"));
  REQUIRE(primary.port != 0);
  { Load(primary.port, 1000).wait_for(5); }
  auto backup = spawn({"backup", "--db", primary_db, "--to", early_db}, dir.file("backup.log"));
  REQUIRE(wait_exit(backup.pid) == 0);
  { Load(primary.port, 2000).wait_for(5); }

  auto const url = "http://127.0.0.1:" + std::to_string(primary.port);
  auto wrong = spawn({"standby", "--from", url, "--pin", "999999", "--db", dir.file("a.db")}, dir.file("wrong.log"), {},
                     "STOPPED");
  CHECK(wait_exit(wrong.pid) == 1);
  CHECK_THAT(read_log(dir.file("wrong.log")), Catch::Contains("the primary refused the organiser PIN"));

  // A standby of this day, stopped once it caught up.
  auto const standby_db = dir.file("standby.db");
  auto standby = spawn(standby_args(primary.port, standby_db), dir.file("s1.log"), {}, "(up to date)");
  CHECK(stop(standby) == 0);
  CHECK(stop(primary) == 0);
  auto const held = batches_of(standby_db);
  REQUIRE(held == batches_of(primary_db));

  // This day, served from a copy older than what the standby holds (a restored old backup).
  auto early = spawn(serve_args(early_db), dir.file("early.log"));
  REQUIRE(early.port != 0);
  auto lost = spawn(standby_args(early.port, standby_db), dir.file("s2.log"), {}, "STOPPED");
  CHECK(wait_exit(lost.pid) == 1);
  CHECK_THAT(read_log(dir.file("s2.log")), Catch::Contains("the primary lost batches"));
  CHECK(batches_of(standby_db) == held);
  CHECK(stop(early) == 0);

  // Another day's server.
  auto other = spawn(serve_args(dir.file("other.db")), dir.file("other.log"));
  REQUIRE(other.port != 0);
  { Load(other.port, 5000).wait_for(30); }
  auto refused = spawn(standby_args(other.port, standby_db), dir.file("s3.log"), {}, "STOPPED");
  CHECK(wait_exit(refused.pid) == 1);
  CHECK_THAT(read_log(dir.file("s3.log")), Catch::Contains("another day"));
  CHECK(batches_of(standby_db) == held);
  CHECK(stop(other) == 0);
}

TEST_CASE("standby needs --from as http://HOST:PORT and the organiser PIN", "[app][standby]") {
  store::test::TempDir dir;
  fs::create_directories(dir.path());
  auto const db = dir.file("s.db");
  auto const exit_of = [&](std::vector<std::string> args) {
    auto c = spawn(std::move(args), dir.file("cli.log"), {}, "\n");
    return wait_exit(c.pid);
  };
  CHECK(exit_of({"standby", "--pin", organiser_pin, "--db", db}) == 2);
  CHECK(exit_of({"standby", "--from", "192.168.8.10:8080", "--pin", organiser_pin, "--db", db}) == 2);
  CHECK(exit_of({"standby", "--from", "http://127.0.0.1:1", "--db", db}) == 2);
  CHECK(exit_of({"standby", "--from", "http://127.0.0.1:1", "--pin", "12", "--db", db}) == 2);
  CHECK(exit_of({"standby", "--from", "http://127.0.0.1:1", "--pin", organiser_pin, "--port", "1", "--db", db}) == 2);
}
