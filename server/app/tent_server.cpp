#include "app/tent_server.hpp"

#include "app/policy.hpp"
#include "app/query.hpp"
#include "log/logger.hpp"
#include "net/options.hpp"
#include "protocol/errors.hpp"

#include <boost/asio/post.hpp>
#include <boost/url/parse.hpp>

namespace tent::app {

using nlohmann::json;

std::vector<std::string> TentServer::web_folders() {
  return {"kiosk", "display", "console", "organiser", "status", "shared", "vendor"};
}

TentServer::TentServer(boost::asio::io_context& ioc, store::EventStore& store, Access& access,
                       std::filesystem::path web_root, Clock clock)
    : store_(store),
      dispatcher_(
          store, [this](Frame const& f) { publish(f); },
          [this] {
            send_held_replies();
            replication_.committed();
          }),
      replication_(store),
      run_(new_run_id()),
      access_(access),
      web_root_(std::move(web_root)),
      files_(web_root_, web_folders()),
      clock_(std::move(clock)),
      timer_(ioc),
      replication_timer_(ioc),
      planner_(ioc, store.path() == ":memory:" ? std::string() : store.path()),
      pins_(ioc) {}

Reply TentServer::auth_refusal(Access::Result const& result) {
  if (result.status != 429) return error_reply({401, "bad_pin", "That PIN is not right."});
  auto r = error_reply({429, "too_many_attempts", "Too many wrong PINs. Wait a moment and try again."});
  r.body["retry_after_s"] = (result.retry_after + 999) / 1000;
  return r;
}

void TentServer::set_kiosk_key(std::string const& key) {
  access_.set_kiosk_key(store_, key);
  for (auto& [id, client] : clients_)
    if (client.role == auth::Role::kiosk) client.role = auth::Role::display;
}

void TentServer::publish(Frame const& frame) {
  // Framed once per audience when it was built; every subscriber is sent the same bytes.
  auto& channel = channels_[frame.tent];
  channel.backlog.push_back({frame.seq, frame.public_message});
  if (channel.backlog.size() > backlog_size) channel.backlog.pop_front();
  channel.public_hub.broadcast(frame.public_message);
  channel.staff_hub.broadcast(frame.staff_message);
}

void TentServer::schedule_flush() {
  if (flush_scheduled_ || !dispatcher_.pending()) return;
  flush_scheduled_ = true;
  boost::asio::post(timer_.get_executor(), [this] {
    flush_scheduled_ = false;
    try {
      dispatcher_.flush();
    } catch (std::exception const& e) {  // the dispatcher answers its own failures; this is a last guard
      log::error("app", std::string("flush failed: ") + e.what());
    }
  });
}

void TentServer::send_held_replies() {
  for (auto& held : std::exchange(held_replies_, {}))
    if (auto s = held.session.lock()) s->send(std::move(held.message));
}

void TentServer::start_ticking() {
  ticking_ = true;
  on_tick();
}

void TentServer::stop_ticking() {
  ticking_ = false;
  timer_.cancel();
  replication_timer_.cancel();
  replication_.expire(0, true);
}

void TentServer::on_tick() {
  if (!ticking_) return;
  dispatcher_.submit_tick(clock_());
  schedule_flush();
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_tick();
  });
}

Millis TentServer::steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void TentServer::arm_replication_timer() {
  auto const next = replication_.next_expiry();
  if (!next) return;
  replication_timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::milliseconds(*next)));
  replication_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    replication_.expire(steady_ms());
    arm_replication_timer();
  });
}

bool TentServer::accepts_websocket(net::Request const& req) {
  auto const m = match_route(req.method(), req.target());
  if (m.in_tent && !dispatcher_.tents().find(m.tent)) return false;
  auto const url = boost::urls::parse_origin_form(m.rest);
  return url && url->path() == "/ws";
}

net::Message TentServer::snapshot(TentId const& tent, Audience audience) {
  auto& cached = channels_[tent].snapshots[audience == Audience::staff ? 1 : 0];
  auto const now = clock_();
  auto const seq = dispatcher_.seq(tent);
  if (!cached.message || cached.seq != seq || now < cached.built || now - cached.built >= snapshot_reuse) {
    auto view = snapshot_view(dispatcher_.tent(tent), seq, now, audience);
    view["run"] = run_;
    cached = {seq, now, net::Message::text(view.dump())};
  }
  return cached.message;
}

void TentServer::send_snapshot(net::WsSession& s, Audience audience) {
  auto& client = clients_[s.id()];
  client.snapshot_frame = s.send(snapshot(client.tent, audience));
}

void TentServer::on_open(std::shared_ptr<net::WsSession> const& s, net::Request const& req) {
  auto const tent = match_route(req.method(), req.target()).tent;  // accepts_websocket found it
  auto& client = clients_[s->id()] = Client{};
  client.tent = tent;
  auto& channel = channels_[tent];
  if (log::logger().enabled(log::Level::debug))
    log::debug("app", "ws session " + std::to_string(s->id()) + " (" + s->remote_ip() + ") opened",
               {{"session", s->id()}, {"remote", s->remote_ip()}});
  channel.public_hub.join(s);
  // A client that says which seq it has gets only what it missed, if the backlog still holds it.
  // Its seqs are this run's only when it says which run it had them from (or says nothing: an older
  // client): after a standby took over, seq S here may not be the S it saw.
  auto const since = parse_since(req.target()).value_or(-1);
  auto const run = parse_run(req.target());
  auto const seq = dispatcher_.seq(tent);
  auto const& backlog = channel.backlog;
  bool const fresh = (!run || *run == run_) && (backlog.empty() ? since == seq : since >= backlog.front().seq - 1);
  std::size_t missed_bytes = 0;
  for (auto const& f : backlog)
    if (f.seq > since) missed_bytes += f.message.payload().size();
  // Far behind in bytes, a snapshot is smaller than the frames, and fits the socket's send bound.
  if (since >= 0 && since <= seq && fresh && missed_bytes <= backlog_bytes_max) {
    // The missed frames carry the times they were committed at; the hello carries the time now.
    auto const hello = json{{"type", "hello"}, {"seq", seq}, {"at", clock_()}, {"run", run_}}.dump();
    s->send(net::Message::text(hello));
    for (auto const& f : backlog)
      if (f.seq > since) s->send(f.message);
    return;
  }
  send_snapshot(*s, Audience::public_);
}

void TentServer::signed_in(std::shared_ptr<net::WsSession> const& s, json const& id, Access::Result const& who,
                           bool secret) {
  if (who.status != 200) {
    s->send(net::Message::text(reply_frame(id, auth_refusal(who))));
    return;
  }
  auto& client = clients_[s->id()];
  // Without a secret the socket stays anonymous: its role follows the kiosk key from op to op.
  client.role = secret ? who.role : auth::Role::display;
  s->send(net::Message::text(reply_frame(id, {200, {{"ok", true}, {"role", auth::to_string(who.role)}}})));
  auto& channel = channels_[client.tent];
  if (is_staff(client.role) && !channel.staff_hub.contains(*s)) {
    channel.public_hub.leave(*s);
    channel.staff_hub.join(s);
    send_snapshot(*s, Audience::staff);
  }
}

void TentServer::on_message(std::shared_ptr<net::WsSession> const& s, std::string&& text) {
  auto& client = clients_[s->id()];
  if (client.signing_in) {  // keeps the socket's messages in order around a PIN check
    if (client.held.size() >= max_held) {
      log::warn("app",
                "ws session " + std::to_string(s->id()) + " (" + s->remote_ip() + ") sent too much while signing in",
                {{"session", s->id()}, {"remote", s->remote_ip()}});
      s->shutdown();
      return;
    }
    client.held.push_back(std::move(text));
    return;
  }
  auto parsed = protocol::parse_body(text, net::max_message_bytes);
  if (!parsed || !parsed->is_object()) {
    s->send(net::Message::text(reply_frame(nullptr, error_reply(protocol::bad_json("a frame must be a JSON object")))));
    return;
  }
  json const id = parsed->contains("id") ? (*parsed)["id"] : json(nullptr);
  auto const op_field = parsed->find("op");
  if (op_field == parsed->end() || !op_field->is_string()) {
    s->send(net::Message::text(reply_frame(id, error_reply(protocol::missing_field("op")))));
    return;
  }
  std::string const op = *op_field;
  json params = *parsed;
  params.erase("id");
  params.erase("op");

  if (op == "auth") {  // {"op":"auth","pin":"..."}: raises this socket's role; staff get staff frames
    auto const pin = params.find("pin");
    std::optional<std::string_view> secret;
    if (pin != params.end() && pin->is_string() && !pin->get_ref<std::string const&>().empty())
      secret = pin->get_ref<std::string const&>();
    auto begun = access_.begin(secret, s->remote_ip(), clock_());
    if (auto const* who = std::get_if<Access::Result>(&begun)) return signed_in(s, id, *who, secret.has_value());
    client.signing_in = true;
    pins_.check(std::get<Access::Pending>(std::move(begun)),
                [this, weak = std::weak_ptr<net::WsSession>(s), id](Access::Pending const& p, auth::Role found) {
                  auto const who = access_.finish(p, found, clock_());
                  auto const session = weak.lock();
                  if (!session || !clients_.count(session->id())) return;  // closed meanwhile
                  auto& c = clients_[session->id()];
                  c.signing_in = false;
                  try {  // as WsSession::deliver does for messages it hands over itself
                    signed_in(session, id, who, true);
                    while (!c.signing_in && !c.held.empty() && session->is_open()) {
                      auto next = std::move(c.held.front());
                      c.held.pop_front();
                      on_message(session, std::move(next));
                    }
                  } catch (std::exception const& e) {
                    log::error("app", std::string("ws message failed: ") + e.what(), {{"session", session->id()}});
                    session->shutdown();
                  }
                });
    return;
  }
  if (op == "snapshot") {
    if (!s->done_with(client.snapshot_frame)) {
      auto const pending =
          error_reply({429, "snapshot_pending", "A snapshot is already on its way to this connection: read it first."});
      s->send(net::Message::text(reply_frame(id, pending)));
      return;
    }
    send_snapshot(*s, audience_of(client.role));
    return;
  }
  // A socket that has not signed in speaks for the anonymous role, which a kiosk key can change.
  auto const role = client.role == auth::Role::display ? access_.anonymous() : client.role;
  dispatcher_.submit(client.tent, op, std::move(params), role, clock_(),
                     [this, weak = std::weak_ptr<net::WsSession>(s), id](Reply r) {
                       held_replies_.push_back({weak, net::Message::text(reply_frame(id, r))});
                     });
  schedule_flush();
}

void TentServer::on_close(net::WsSession& s) {
  if (log::logger().enabled(log::Level::debug))
    log::debug("app", "ws session " + std::to_string(s.id()) + " (" + s.remote_ip() + ") closed",
               {{"session", s.id()}, {"remote", s.remote_ip()}});
  if (auto const client = clients_.find(s.id()); client != clients_.end()) {
    auto& channel = channels_[client->second.tent];
    channel.public_hub.leave(s);
    channel.staff_hub.leave(s);
    clients_.erase(client);
  }
}

}  // namespace tent::app
