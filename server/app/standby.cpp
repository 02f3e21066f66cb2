#include "app/standby.hpp"

#include "app/cli.hpp"
#include "app/local_time.hpp"
#include "app/stop_signals.hpp"
#include "core/tents.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <limits>

namespace tent::app {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

std::optional<PrimaryAddress> parse_primary(std::string_view url) {
  auto const u = boost::urls::parse_absolute_uri(url);
  if (!u || u->scheme() != "http" || !u->has_authority() || u->host_address().empty() || u->has_userinfo() ||
      u->has_query() || u->has_fragment() || (!u->path().empty() && u->path() != "/"))
    return std::nullopt;
  if (u->has_port() && (u->port_number() == 0)) return std::nullopt;
  return PrimaryAddress{std::string(u->host_address()), u->has_port() ? std::string(u->port()) : "80"};
}

Copied copy_answer(store::EventStore& store, json const& answer) {
  auto const refuse = [](std::string const& why) { throw StandbyRefusal(why); };
  if (!answer.is_object() || !answer.contains("database") || !answer["database"].is_string() ||
      !answer.contains("last_seq") || !answer["last_seq"].is_number_integer() || !answer.contains("batches") ||
      !answer["batches"].is_array() || !answer.contains("meta") || !answer["meta"].is_object())
    refuse("the primary's answer is not a replication answer");
  auto const& database = answer["database"].get_ref<std::string const&>();
  auto const primary_seq = answer["last_seq"].get<std::int64_t>();
  auto const held = store.last_seq();
  if (held > 0 && store.database_id() != database)
    refuse("this standby's database holds another day (database " + store.database_id() + ") than the primary's (" +
           database + "): give the standby a new file, or the one it followed this primary with");
  if (primary_seq < held)
    refuse("the primary holds only " + std::to_string(primary_seq) + " batches and this standby " +
           std::to_string(held) + ": the primary lost batches (was it restored from an older backup?)");

  Copied copied{0, held, primary_seq};
  // Meta rows are written only when they change: an idle day's answers then write nothing.
  auto meta = store.all_meta();
  auto const unchanged = [&](std::string const& key, std::string const& value) {
    auto const it = meta.find(key);
    return it != meta.end() && it->second == value;
  };
  store::EventStore::Group group(store);
  try {
    for (auto const& b : answer["batches"]) {
      if (!b.is_object() || !b.contains("seq") || !b["seq"].is_number_integer() || !b.contains("at") ||
          !b["at"].is_number_integer() || !b.contains("events") || !b["events"].is_string() ||
          (b.contains("tent") &&
           !(b["tent"].is_string() && (b["tent"] == "" || valid_tent_id(b["tent"].get<std::string>())))))
        refuse("the primary sent a batch that is not one");
      auto const seq = b["seq"].get<std::int64_t>();
      if (seq <= copied.seq || seq > primary_seq)
        refuse("the primary sent batch " + std::to_string(seq) + " after " + std::to_string(copied.seq));
      group.append_copy({seq, b["at"].get<std::int64_t>(), b["events"].get<std::string>(), b.value("tent", "")});
      copied.seq = seq;
      ++copied.batches;
    }
    std::string const id_key(store::EventStore::database_id_key);
    if (!unchanged(id_key, database)) group.set_meta(id_key, database);
    for (auto const& [key, value] : answer["meta"].items()) {
      if (!value.is_string()) refuse("the primary sent a meta value that is not text");
      if (!unchanged(key, value.get<std::string>())) group.set_meta(key, value.get_ref<std::string const&>());
    }
  } catch (std::invalid_argument const& e) {
    refuse(e.what());
  }
  group.commit();
  return copied;
}

namespace {

using Clock = std::chrono::steady_clock;

// One standby run: an asynchronous loop of requests on one connection (reopened when it drops), so
// that a signal ends it at once, between two commits.
class Follower {
public:
  // How long the primary may hold a request open when the standby has caught up.
  static constexpr int wait_s = 20;
  static constexpr auto retry_every = std::chrono::seconds(1);
  static constexpr auto report_every = std::chrono::seconds(5);

  Follower(Options const& o, store::EventStore& store, std::ostream& out)
      : o_(o),
        address_(*parse_primary(o.from)),
        store_(store),
        out_(out),
        signals_(ioc_),
        timer_(ioc_),
        report_timer_(ioc_),
        resolver_(ioc_),
        stream_(ioc_) {}

  int run() {
    held_ = store_.last_seq();
    say("following " + o_.from + " into " + o_.db + " (holding " + std::to_string(held_) + " batches)");
    signals_.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      stopping_ = true;
      stop();
    });
    request();
    ioc_.run();
    if (status_ == 0)
      say("stopped; " + o_.db + " holds " + std::to_string(held_) + " batches. To take over: massage-tent serve --db " +
          o_.db);
    return status_;
  }

private:
  void say(std::string const& text) {
    auto const now = wall_clock();
    out_ << iso_local(now, machine_offset_s(now)).substr(11, 8) << " standby: " << text << std::endl;
  }

  void stop() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
    timer_.cancel();
    report_timer_.cancel();
    resolver_.cancel();
    signals_.cancel();
    ioc_.stop();
  }

  void refuse(std::string const& why) {
    say("STOPPED: " + why);
    status_ = 1;
    stop();
  }

  void request() {
    if (stopping_) return;
    if (!connected_) {
      resolver_.async_resolve(address_.host, address_.port,
                              [this](beast::error_code ec, asio::ip::tcp::resolver::results_type results) {
                                if (ec) return failed("cannot find " + address_.host + ": " + ec.message());
                                connect(results);
                              });
      return;
    }
    // Caught up: the primary holds the request until its next commit.
    auto const wait = held_ >= primary_seq_ ? wait_s : 0;
    req_ = {http::verb::get, "/api/replication?since=" + std::to_string(held_) + "&wait=" + std::to_string(wait), 11};
    req_.set(http::field::host, address_.host + ":" + address_.port);
    req_.set(http::field::authorization, "Bearer " + o_.pin);
    req_.keep_alive(true);
    stream_.expires_after(std::chrono::seconds(wait + 10));
    http::async_write(stream_, req_, [this](beast::error_code ec, std::size_t) {
      if (ec) return failed(ec.message());
      read();
    });
  }

  void connect(asio::ip::tcp::resolver::results_type const& results) {
    stream_.expires_after(std::chrono::seconds(5));
    stream_.async_connect(results, [this](beast::error_code ec, asio::ip::tcp::endpoint const&) {
      if (ec) return failed(ec.message());
      connected_ = true;
      request();
    });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(256 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_, [this](beast::error_code ec, std::size_t) {
      if (ec) return failed(ec == beast::error::timeout ? "no answer" : ec.message());
      answered(parser_->release());
    });
  }

  void answered(http::response<http::string_body> const& res) {
    if (!res.keep_alive()) close();
    auto const status = res.result_int();
    if (status == 401) return refuse("the primary refused the organiser PIN");
    if (status == 403) return refuse("the primary's replication feed needs the organiser PIN, not this one");
    if (status == 404)
      return refuse(o_.from + " has no replication feed: is it a massage-tent server of this version?");
    if (status != 200) return failed("the primary answered " + std::to_string(status));
    auto const body = json::parse(res.body(), nullptr, false);
    try {
      auto const copied = copy_answer(store_, body);
      held_ = copied.seq;
      primary_seq_ = copied.primary_seq;
    } catch (StandbyRefusal const& e) {
      return refuse(e.what());
    }
    if (down_since_) {
      auto const s = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - *down_since_).count();
      say("the primary answers again (after " + std::to_string(s) + " s)");
      down_since_.reset();
    }
    report();
    request();
  }

  // How far behind, when that changed: at once when it catches up or falls behind, otherwise at most
  // every report_every (a change in between is said when that time is up).
  void report() {
    auto const now = Clock::now();
    bool const caught_up = held_ >= primary_seq_;
    if (held_ == reported_ && caught_up == reported_caught_up_) return;
    if (caught_up == reported_caught_up_ && now - reported_at_ < report_every) {
      if (report_pending_) return;
      report_pending_ = true;
      report_timer_.expires_at(reported_at_ + report_every);
      report_timer_.async_wait([this](beast::error_code ec) {
        report_pending_ = false;
        if (!ec) report();
      });
      return;
    }
    reported_ = held_;
    reported_caught_up_ = caught_up;
    reported_at_ = now;
    say("holding " + std::to_string(held_) + " of the primary's " + std::to_string(primary_seq_) + " batches (" +
        (caught_up ? std::string("up to date") : std::to_string(primary_seq_ - held_) + " behind") + ")");
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    connected_ = false;
    buffer_.clear();
  }

  // A dropped or refused connection: said once, then every 30 s, and tried again every second.
  void failed(std::string const& why) {
    if (stopping_) return;
    close();
    auto const now = Clock::now();
    if (!down_since_) {
      down_since_ = now;
      last_down_report_ = now;
      say("cannot reach the primary (" + why + "); holding " + std::to_string(held_) + " batches, trying every second");
    } else if (now - last_down_report_ >= std::chrono::seconds(30)) {
      last_down_report_ = now;
      auto const s = std::chrono::duration_cast<std::chrono::seconds>(now - *down_since_).count();
      say("still no primary after " + std::to_string(s) + " s (" + why + "); holding " + std::to_string(held_) +
          " batches");
    }
    timer_.expires_after(retry_every);
    timer_.async_wait([this](beast::error_code ec) {
      if (!ec) request();
    });
  }

  Options const& o_;
  PrimaryAddress address_;
  store::EventStore& store_;
  std::ostream& out_;
  asio::io_context ioc_;
  StopSignals signals_;
  asio::steady_timer timer_;
  asio::steady_timer report_timer_;
  asio::ip::tcp::resolver resolver_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  bool connected_ = false, stopping_ = false;
  int status_ = 0;
  std::int64_t held_ = 0;
  std::int64_t primary_seq_ = std::numeric_limits<std::int64_t>::max();  // unknown until the first answer
  std::int64_t reported_ = -1;
  bool reported_caught_up_ = false, report_pending_ = false;
  Clock::time_point reported_at_{};
  std::optional<Clock::time_point> down_since_;
  Clock::time_point last_down_report_{};
};

}  // namespace

int run_standby(Options const& o, std::ostream& out) {
  DatabaseLock lock(o.db);
  store::EventStore store(o.db);
  return Follower(o, store, out).run();
}

}  // namespace tent::app
