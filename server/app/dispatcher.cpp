#include "app/dispatcher.hpp"

#include <iostream>

#include "app/snapshots.hpp"
#include "core/estimate.hpp"
#include "protocol/decode.hpp"
#include "protocol/errors.hpp"
#include "protocol/events_json.hpp"
#include "protocol/stale.hpp"

namespace tent::app {

using nlohmann::json;

Reply error_reply(protocol::WireError const& e) { return {e.status, protocol::to_json(e)}; }

Reply role_refusal(auth::Role have, auth::Role need) {
  // Anonymous callers are asked to authenticate (401); a known role that is too low is refused (403).
  bool const anonymous = have == auth::Role::none || have == auth::Role::display || have == auth::Role::kiosk;
  std::string const who(auth::to_string(need));
  if (anonymous && need != auth::Role::kiosk)
    return error_reply({401, "unauthorized", "This needs the " + who + " PIN."});
  if (anonymous) return error_reply({401, "unauthorized", "This kiosk needs the kiosk key."});
  return error_reply({403, "forbidden", "This needs the " + who + " PIN; yours does not allow it."});
}

Dispatcher::Dispatcher(store::EventStore& store, Publish publish) : store_(store), publish_(std::move(publish)) {
  auto restored = restore(store_);
  tent_ = std::move(restored.tent);
  seq_ = restored.seq;
  snapshot_seq_ = restored.snapshot_seq;
  snapshot_if_due();  // a long replay now (an older database, a damaged snapshot) is not repeated next start
}

void Dispatcher::snapshot_if_due() {
  if (seq_ - snapshot_seq_ < snapshot_interval) return;
  save_snapshot(store_, tent_, seq_);
  snapshot_seq_ = seq_;  // refused or not, try again only after another interval
}

std::int64_t Dispatcher::commit(Decision const& d, Millis now) {
  if (d.events.empty()) return seq_;
  Batch const batch{now, d.events};
  auto const seq = store_.append(now, protocol::encode_events(d.events));  // durable from here on
  auto const queue_before = tent_.queue();
  tent_.apply(batch);
  seq_ = seq;
  if (publish_) publish_(build_frame(tent_, queue_before, batch, seq));
  snapshot_if_due();
  return seq;
}

std::optional<protocol::WireError> Dispatcher::try_commit(Decision const& d, Millis now, std::string_view op,
                                                        std::int64_t& seq) {
  protocol::WireError refusal;
  std::string fault;
  try {
    seq = commit(d, now);
    if (!d.events.empty() && !storage_fault_.empty()) {
      std::cerr << "massage-tent: the database takes writes again" << std::endl;
      storage_fault_.clear();
    }
    return std::nullopt;
  } catch (store::StorageUnavailable const& e) {
    refusal = protocol::storage_unavailable();
    fault = std::string("STORAGE UNAVAILABLE: ") + e.what() +
            ". Changes are refused (503 storage_unavailable) so that nothing is acknowledged and then lost; pages "
            "still show the tent as it was. Everything up to now is still in this server's memory: download the "
            "export from the organiser page, then stop the server and put the database file back before restarting.";
  } catch (store::Error const& e) {
    if (!e.disk_full()) throw;
    refusal = protocol::storage_full();
    fault = std::string("DISK FULL: cannot write the database (") + e.what() +
            "). Changes are refused (503 storage_full) until the disk that holds it has free space.";
  }
  // Each refused action is a person told "not saved": log every one, but a refused tick only once.
  if (!op.empty()) std::cerr << "massage-tent: " << fault << " Refused: " << op << std::endl;
  else if (fault != storage_fault_) std::cerr << "massage-tent: " << fault << std::endl;
  storage_fault_ = fault;
  return refusal;
}

Reply Dispatcher::execute(std::string_view op, json const& params, auth::Role role, Millis now) {
  auto const need = protocol::required_role(op);
  if (need == auth::Role::none) return error_reply(protocol::unknown_op(op));
  if (!auth::allows(role, need)) return role_refusal(role, need);
  auto decoded = protocol::decode(op, params, tent_.settings());
  if (decoded.error) return error_reply(*decoded.error);
  auto& command = *decoded.command;
  // Referral events record who acted: the client's `by`, else the role the server knows.
  std::visit(
      [&](auto& c) {
        if constexpr (requires { c.by = std::string{}; })
          if (c.by.empty()) c.by = std::string(auth::to_string(role));
      },
      command);
  auto const d = decide_expecting(tent_, command, now, decoded.expect);
  if (d.error == Error::stale) return stale_reply(command, *decoded.expect, now);
  if (!d.ok()) {
    Reply r = error_reply(protocol::wire_error(d.error));
    if (d.existing)
      if (auto const* t = tent_.ticket(*d.existing))
        r.body["ticket"] = ticket_view(tent_, *t, eta(tent_, now), Audience::public_);
    return r;
  }
  std::int64_t seq = 0;
  if (auto refusal = try_commit(d, now, op, seq)) return error_reply(*refusal);
  return reply_for(command, d, seq, now);
}

Reply Dispatcher::reply_for(Command const& command, Decision const& d, std::int64_t seq, Millis now) const {
  auto const audience = Audience::public_;
  Reply r{200, {{"ok", true}, {"seq", seq}}};
  if (auto const* c = std::get_if<cmd::CheckIn>(&command)) {
    auto const bib = d.replayed ? *d.existing : c->bib;
    r.status = 201;
    r.body["ticket"] = ticket_view(tent_, *tent_.ticket(bib), eta(tent_, now), audience);
    r.body["replayed"] = d.replayed;
    if (c->source == cmd::Source::volunteer) {
      bool was_referred = false;
      for (auto const& e : d.events)
        if (auto const* in = std::get_if<ev::CheckedIn>(&e)) was_referred = in->was_referred;
      r.body["was_referred"] = was_referred;
    }
    return r;
  }
  if (auto id = table_of(command); id && tent_.table(*id)) r.body["table"] = table_view(*tent_.table(*id), Audience::staff);
  for (auto const& e : d.events)
    if (auto const* t = std::get_if<ev::TableCreated>(&e)) {
      r.status = 201;
      r.body["table"] = table_view(*tent_.table(t->table), Audience::staff);
    }
  std::visit(
      [&](auto const& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (requires(T c) { { c.bib } -> std::convertible_to<Bib>; })
          if (auto const* t = tent_.ticket(x.bib)) r.body["ticket"] = ticket_view(tent_, *t, eta(tent_, now), audience);
      },
      command);
  if (std::holds_alternative<cmd::UpdateSettings>(command)) r.body["settings"] = tent_.settings();
  return r;
}

// 409 stale with what the client should have seen: the table (staff view, as an op's reply
// gives it) or the runner's ticket, so that it can redraw without waiting for a frame.
Reply Dispatcher::stale_reply(Command const& command, Expectation const& seen, Millis now) const {
  if (auto id = table_of(command); id && tent_.table(*id)) {
    auto const& table = *tent_.table(*id);
    Reply r = error_reply(protocol::stale_table(table, seen));
    r.body["table"] = table_view(table, Audience::staff);
    return r;
  }
  Ticket const* ticket = nullptr;
  std::visit(
      [&](auto const& x) {
        if constexpr (requires { { x.bib } -> std::convertible_to<Bib>; }) ticket = tent_.ticket(x.bib);
      },
      command);
  if (!ticket) return error_reply(protocol::wire_error(Error::stale));
  Reply r = error_reply(protocol::stale_ticket(tent_, *ticket, seen));
  r.body["ticket"] = ticket_view(tent_, *ticket, eta(tent_, now), Audience::staff);
  return r;
}

void Dispatcher::tick(Millis now) {
  std::int64_t seq = 0;
  try_commit(tent_.decide(cmd::Tick{}, now), now, {}, seq);  // a refused tick is decided again next time
}

Reply Dispatcher::ticket(std::string_view raw_bib, Millis now, Audience audience) const {
  auto const bib = normalise_bib(raw_bib);
  if (!bib) return error_reply(protocol::wire_error(Error::invalid_bib));
  auto const* t = tent_.ticket(*bib);
  if (!t) return error_reply(protocol::wire_error(Error::unknown_bib));
  return {200, {{"ticket", ticket_view(tent_, *t, eta(tent_, now), audience)}, {"announcement", tent_.announcement()}}};
}

}  // namespace tent::app
