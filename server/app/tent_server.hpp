#pragma once
// The tent server as the transport sees it: REST routes, the /ws endpoint and static pages,
// all ending in the one Dispatcher. Keeps, per tent, the two broadcast audiences (public, staff)
// and a backlog of recent frames for clients catching up with ?since=; and the one-second tick.
// A socket follows the tent its address names (/ws, or /t/ID/ws).

#include "app/access.hpp"
#include "app/dispatcher.hpp"
#include "app/pin_checker.hpp"
#include "app/planning.hpp"
#include "app/replication.hpp"
#include "app/route_table.hpp"
#include "net/handler.hpp"
#include "net/hub.hpp"
#include "net/message.hpp"
#include "net/server.hpp"
#include "net/static_files.hpp"
#include "net/ws_session.hpp"

#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <functional>
#include <list>
#include <map>
#include <unordered_map>

namespace tent::app {

class BackupSchedule;

class TentServer : public net::Handler {
public:
  using Clock = std::function<Millis()>;
  // Frames kept for reconnecting clients; below the transport's send-queue bound so a catch-up never
  // overflows the queue it is sent into (a client further behind gets a snapshot).
  static constexpr std::size_t backlog_size = 512;
  static constexpr Millis snapshot_reuse = 250;
  // A client that missed more than this many bytes of frames gets a snapshot instead: a catch-up
  // stays well inside the transport's unsent-bytes bound (4 MiB by default).
  static constexpr std::size_t backlog_bytes_max = 1024 * 1024;

  // The folders of `web_root` served as pages and libraries.
  static std::vector<std::string> web_folders();

  TentServer(boost::asio::io_context& ioc, store::EventStore& store, Access& access, std::filesystem::path web_root,
             Clock clock);

  // handle() checks a PIN in line; handle_async(), which the transport uses, hashes a new secret
  // on the PinChecker's thread and answers when it is done.
  net::Answer handle(net::Request const& req, std::string const& remote_ip) override;
  void handle_async(net::Request const& req, std::string const& remote_ip, net::Respond respond) override;
  bool accepts_websocket(net::Request const& req) override;
  void on_open(std::shared_ptr<net::WsSession> const& s, net::Request const& upgrade_req) override;
  void on_message(std::shared_ptr<net::WsSession> const& s, std::string&& text) override;
  void on_close(net::WsSession& s) override;

  // Starts the one-second timer that ends changeovers and the replication feed's waits.
  void start_ticking();
  void stop_ticking();
  Dispatcher const& dispatcher() const { return dispatcher_; }
  ReplicationFeed const& replication() const { return replication_; }
  // Sets (or with "" removes) the kiosk key. Sockets that hold the kiosk role lose it: they got it
  // with no key or with the old one, and must sign in again with the new key.
  void set_kiosk_key(std::string const& key);
  // The backups GET /api/backups reports on (none: backups are off). Must outlive this server's use.
  void report_backups(BackupSchedule const* backups) { backups_ = backups; }
  // The transport whose slow clients cut off GET /metrics counts (none: reported as 0). Must outlive
  // this server's use.
  void report_transport(net::Server const* transport) { transport_ = transport; }
  // GET /metrics without a secret (serve --open-metrics).
  void open_metrics(bool open) { open_metrics_ = open; }

private:
  // The reply to a secret that was wrong (401) or came while locked out (429, with retry_after_s).
  static Reply auth_refusal(Access::Result const& result);
  void publish(Frame const& frame);
  // The tent's snapshot for the audience as one shared buffer, built at most once per seq and reused
  // for snapshot_reuse (so its "at", the clients' clock reference, is never staler than that).
  net::Message snapshot(TentId const& tent, Audience audience);
  void send_snapshot(net::WsSession& s, Audience audience);
  // The response to what needs no secret: the pages, "/" and /healthz, and the refusal of a
  // request no route takes. nullopt when the route needs the caller's role.
  std::optional<net::Answer> without_secret(net::Request const& req, RouteMatch const& m) const;
  // A route's answer, or nullopt when an op was submitted: `done` gets its reply after the flush.
  std::optional<Reply> route(net::Request const& req, RouteMatch const& m, Access::Result const& who,
                             std::string const& remote_ip, Dispatcher::Done done);
  // POST /api/roster with a CSV body: the rows that parse are submitted (or, with ?dry_run=1, only
  // previewed), and the reply lists the rejected ones.
  std::optional<Reply> submit_roster_csv(net::Request const& req, RouteMatch const& m, auth::Role role, Millis now,
                                         Dispatcher::Done done);
  // route(), with the reply (now or after the flush) as the HTTP response.
  void answer(net::Request const& req, RouteMatch const& m, Access::Result const& who, std::string const& remote_ip,
              net::Respond const& respond);
  // Runs Dispatcher::flush once the handlers ready now have run: the commands they submitted share
  // one commit (see dispatcher.hpp).
  void schedule_flush();
  // After a flush's frames: the WebSocket replies it held, so each comes after the frame its op caused.
  void send_held_replies();
  // The end of {"op":"auth"}: the reply, the socket's new role and audience.
  void signed_in(std::shared_ptr<net::WsSession> const& s, nlohmann::json const& id, Access::Result const& who,
                 bool secret);
  void on_tick();
  static Millis steady_ms();
  // Sets replication_timer_ to the end of the first replication wait still running, if any.
  void arm_replication_timer();
  // GET /metrics: the Prometheus text (app/metrics.hpp) of the tent and this server.
  Reply metrics(Millis now) const;
  // GET /api/addresses: where the tent's devices can open the pages (net/host_addresses.hpp).
  Reply addresses() const;
  // The languages a page has strings for: [{code, name}] from <page>/i18n/<code>.json.
  nlohmann::json languages(std::string_view page) const;

  store::EventStore& store_;
  Dispatcher dispatcher_;
  ReplicationFeed replication_;
  // This run's id, in every snapshot and hello: a client reconnects with it (?run=) beside since.
  std::string run_;
  Access& access_;
  std::filesystem::path web_root_;
  net::StaticFiles files_;
  Clock clock_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer replication_timer_;  // ends the first replication wait still running
  bool ticking_ = false;
  // role: what a secret gave this socket; display means anonymous, whose role Access decides per op
  // (kiosk, or display once a kiosk key is set).
  // snapshot_frame: the number of the last snapshot queued on the socket; while it is unsent, a
  // further {"op":"snapshot"} is refused (snapshot_pending), so a socket that asks and never reads
  // holds one snapshot, not thousands.
  // While a socket's PIN is being checked, its later messages wait in `held` (at most
  // max_held; more close the socket) and run in order once the check is done.
  struct Client {
    TentId tent;
    auth::Role role = auth::Role::display;
    std::uint64_t snapshot_frame = 0;
    bool signing_in = false;
    std::list<std::string> held;  // a list: empty, it allocates nothing (a deque takes 600 bytes)
  };
  static constexpr std::size_t max_held = 64;
  struct CachedSnapshot {
    std::int64_t seq = -1;
    Millis built = 0;
    net::Message message;
  };
  std::unordered_map<std::uint64_t, Client> clients_;
  // A public frame kept for catch-ups, framed once when it was published.
  struct Sent {
    std::int64_t seq = 0;
    net::Message message;
  };
  // One tent's subscribers, its newest frames and snapshots.
  struct Channel {
    net::Hub public_hub, staff_hub;
    CachedSnapshot snapshots[2];  // by Audience
    std::deque<Sent> backlog;
  };
  std::map<TentId, Channel> channels_;
  bool flush_scheduled_ = false;
  struct HeldReply {
    std::weak_ptr<net::WsSession> session;
    net::Message message;
  };
  std::vector<HeldReply> held_replies_;
  BackupSchedule const* backups_ = nullptr;
  net::Server const* transport_ = nullptr;
  bool open_metrics_ = false;
  Planner planner_;  // POST /api/plan, off the event loop
  PinChecker pins_;  // last: destroyed first, while what its results refer to still exists
};

}  // namespace tent::app
