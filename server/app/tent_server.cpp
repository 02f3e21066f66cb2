#include "app/tent_server.hpp"

#include "app/query.hpp"
#include "protocol/errors.hpp"

namespace tent::app {

using nlohmann::json;

namespace {

bool is_staff(auth::Role r) { return auth::allows(r, auth::Role::volunteer); }

std::string reply_frame(json const& id, Reply const& r) {
  return json{{"type", "reply"}, {"id", id}, {"status", r.status}, {"body", r.body}}.dump();
}

}  // namespace

std::vector<std::string> TentServer::web_folders() {
  return {"kiosk", "display", "console", "organiser", "status", "shared", "vendor"};
}

TentServer::TentServer(boost::asio::io_context& ioc, store::EventStore& store, Access& access,
                       std::filesystem::path web_root, Clock clock)
    : store_(store),
      dispatcher_(store, [this](Frame const& f) { publish(f); }),
      access_(access),
      web_root_(std::move(web_root)),
      files_(web_root_, web_folders()),
      clock_(std::move(clock)),
      timer_(ioc) {}

Reply TentServer::auth_refusal(Access::Result const& result) {
  if (result.status != 429) return error_reply({401, "bad_pin", "That PIN is not right."});
  auto r = error_reply({429, "too_many_attempts", "Too many wrong PINs. Wait a moment and try again."});
  r.body["retry_after_s"] = (result.retry_after + 999) / 1000;
  return r;
}

Reply TentServer::execute(std::string_view op, json const& params, auth::Role role) {
  return dispatcher_.execute(op, params, role, clock_());
}

void TentServer::publish(Frame const& frame) {
  backlog_.push_back(frame);
  if (backlog_.size() > backlog_size) backlog_.pop_front();
  public_hub_.broadcast(frame.public_text);
  staff_hub_.broadcast(frame.staff_text);
}

void TentServer::start_ticking() {
  ticking_ = true;
  on_tick();
}

void TentServer::stop_ticking() {
  ticking_ = false;
  timer_.cancel();
}

void TentServer::on_tick() {
  if (!ticking_) return;
  dispatcher_.tick(clock_());
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_tick();
  });
}

bool TentServer::accepts_websocket(net::Request const& req) {
  auto const target = std::string_view(req.target());
  return target.substr(0, target.find('?')) == "/ws";
}

void TentServer::send_snapshot(net::WsSession& s, Audience audience) {
  auto const text = snapshot_view(dispatcher_.tent(), dispatcher_.seq(), clock_(), audience).dump();
  s.send(std::make_shared<std::string const>(text));
}

void TentServer::on_open(std::shared_ptr<net::WsSession> const& s, net::Request const& req) {
  clients_[s->id()] = Client{};
  public_hub_.join(s);
  // A client that says which seq it has gets only what it missed, if the backlog still holds it.
  auto const since = parse_since(req.target()).value_or(-1);
  auto const seq = dispatcher_.seq();
  bool const fresh = backlog_.empty() ? since == seq : since >= backlog_.front().seq - 1;
  if (since >= 0 && since <= seq && fresh) {
    // The missed frames carry the times they were committed at; the hello carries the time now.
    auto const hello = json{{"type", "hello"}, {"seq", seq}, {"at", clock_()}}.dump();
    s->send(std::make_shared<std::string const>(hello));
    for (auto const& f : backlog_)
      if (f.seq > since) s->send(f.public_text);
    return;
  }
  send_snapshot(*s, Audience::public_);
}

void TentServer::on_message(std::shared_ptr<net::WsSession> const& s, std::string&& text) {
  auto& client = clients_[s->id()];
  auto parsed = protocol::parse_body(text, 64 * 1024);
  if (!parsed || !parsed->is_object()) {
    s->send(std::make_shared<std::string const>(reply_frame(nullptr, {400, protocol::to_json(protocol::bad_json("a frame must be a JSON object"))})));
    return;
  }
  json const id = parsed->contains("id") ? (*parsed)["id"] : json(nullptr);
  auto const op_field = parsed->find("op");
  if (op_field == parsed->end() || !op_field->is_string()) {
    s->send(std::make_shared<std::string const>(reply_frame(id, {422, protocol::to_json(protocol::missing_field("op"))})));
    return;
  }
  std::string const op = *op_field;
  json params = *parsed;
  params.erase("id");
  params.erase("op");

  if (op == "auth") {  // {"op":"auth","pin":"..."}: raises this socket's role; staff get staff frames
    auto const pin = params.find("pin");
    auto result = access_.authenticate(pin != params.end() && pin->is_string() ? std::optional<std::string_view>(pin->get_ref<std::string const&>()) : std::nullopt,
                                       s->remote_ip(), clock_());
    if (result.status != 200) {
      s->send(std::make_shared<std::string const>(reply_frame(id, auth_refusal(result))));
      return;
    }
    client.role = result.role;
    s->send(std::make_shared<std::string const>(reply_frame(id, {200, {{"ok", true}, {"role", auth::to_string(client.role)}}})));
    if (is_staff(client.role) && !staff_hub_.contains(*s)) {
      public_hub_.leave(*s);
      staff_hub_.join(s);
      send_snapshot(*s, Audience::staff);
    }
    return;
  }
  if (op == "snapshot") {
    send_snapshot(*s, is_staff(client.role) ? Audience::staff : Audience::public_);
    return;
  }
  // A socket that has not signed in speaks for the anonymous role, which a kiosk key can change.
  auto const role = client.role == auth::Role::display ? access_.anonymous() : client.role;
  auto const reply = execute(op, params, role);
  s->send(std::make_shared<std::string const>(reply_frame(id, reply)));
}

void TentServer::on_close(net::WsSession& s) {
  public_hub_.leave(s);
  staff_hub_.leave(s);
  clients_.erase(s.id());
}

}  // namespace tent::app
