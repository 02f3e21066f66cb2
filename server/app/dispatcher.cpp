#include "app/dispatcher.hpp"

#include "app/policy.hpp"
#include "app/snapshots.hpp"
#include "core/estimate.hpp"
#include "log/logger.hpp"
#include "protocol/decode.hpp"
#include "protocol/errors.hpp"
#include "protocol/events_json.hpp"
#include "protocol/stale.hpp"

#include <chrono>

namespace tent::app {

using nlohmann::json;

Dispatcher::Dispatcher(store::EventStore& store, Publish publish, Settled settled)
    : store_(store), publish_(std::move(publish)), settled_(std::move(settled)) {
  rebuild();
  snapshot_if_due();  // a long replay now (an older database, a damaged snapshot) is not repeated next start
}

void Dispatcher::rebuild() {
  auto restored = restore(store_);
  tents_ = std::move(restored.tents);
  seq_ = restored.seq;
  snapshot_seq_ = restored.snapshot_seq;
}

void Dispatcher::snapshot_if_due() {
  if (seq_ - snapshot_seq_ < snapshot_interval) return;
  save_snapshot(store_, tents_, seq_);
  snapshot_seq_ = seq_;  // refused or not, try again only after another interval
}

void Dispatcher::submit(TentId const& tent, std::string_view op, json params, auth::Role role, Millis now, Done done) {
  queue_.push_back({tent, std::string(op), std::move(params), role, now, std::move(done)});
}

void Dispatcher::submit_tick(Millis now) {
  for (auto const& [id, entry] : tents_.all()) queue_.push_back({id, {}, {}, auth::Role::none, now, {}});
}

Reply Dispatcher::execute(TentId const& tent, std::string_view op, json const& params, auth::Role role, Millis now) {
  Reply reply;
  submit(tent, op, params, role, now, [&](Reply r) { reply = std::move(r); });
  flush();
  return reply;
}

void Dispatcher::flush() {
  auto const group_items = std::exchange(queue_, {});
  if (group_items.empty()) return;
  std::vector<Outcome> outcomes;
  outcomes.reserve(group_items.size());
  try {
    std::optional<store::EventStore::Group> group;
    auto const seq_before = seq_;
    for (auto const& q : group_items) outcomes.push_back(decide(q, group));
    if (group) {
      auto const start = std::chrono::steady_clock::now();
      group->commit();  // durable from here on
      commits_.seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      commits_.batches.observe(static_cast<double>(seq_ - seq_before));
      if (!storage_fault_.empty()) {
        log::info("store", "the database takes writes again");
        storage_fault_.clear();
      }
    }
  } catch (...) {
    // The group (rolled back as it goes out of scope) was applied to memory: take memory back to the disk.
    auto const failure = std::current_exception();
    rebuild();
    outcomes.assign(group_items.size(), Outcome{error_reply(storage_refusal(failure, group_items)), std::nullopt});
  }
  // Replies first (a kiosk never waits for the fan-out), then the frames in seq order.
  for (std::size_t i = 0; i < group_items.size(); ++i)
    if (group_items[i].done) group_items[i].done(std::move(outcomes[i].reply));
  if (publish_)
    for (auto const& o : outcomes)
      if (o.frame) publish_(*o.frame);
  if (settled_) settled_();
  snapshot_if_due();
}

Dispatcher::Outcome Dispatcher::decide(Queued const& q, std::optional<store::EventStore::Group>& group) {
  auto const* here = tents_.find(q.tent);
  if (!here) return {error_reply(protocol::unknown_tent(q.tent)), {}};
  Command command = cmd::Tick{};
  std::optional<Expectation> expect;
  bool dry_run = false;
  if (!q.op.empty()) {
    auto const need = least_role(Permission::Kind::op, q.op);
    if (!need) return {error_reply(protocol::unknown_op(q.op)), {}};
    if (auto const refused = refusal(q.role, *need)) return {error_reply(*refused), {}};
    auto decoded = protocol::decode(q.op, q.params, here->settings());
    if (decoded.error) return {error_reply(*decoded.error), {}};
    command = std::move(*decoded.command);
    expect = decoded.expect;
    dry_run = decoded.dry_run;
    // A dry run comes before the triage questions: it decides on the bib (and the roster) alone, so
    // the answers (a red flag refers rather than refuses) must not decide it.
    if (auto* c = std::get_if<cmd::CheckIn>(&command); c && dry_run) c->red_flags.clear();
    // A new visit's status key (kept only if the check-in is taken): the server's, never the client's.
    if (auto* c = std::get_if<cmd::CheckIn>(&command); c && !dry_run) c->key = auth::generate_status_key();
    // Referral events record who acted: the client's `by`, else the role the server knows.
    std::visit(
        [&](auto& c) {
          if constexpr (requires { c.by = std::string{}; })
            if (c.by.empty()) c.by = std::string(auth::to_string(q.role));
        },
        command);
  }
  auto const d = tents_.decide(q.tent, command, q.now, expect);
  if (d.error == Error::stale) return {stale_reply(*here, command, *expect, q.now), {}};
  if (!d.ok()) return {refusal_reply(*here, d, q.now), {}};
  // The check-in would be taken: say so, and commit, apply and publish nothing.
  if (dry_run) return {Reply{200, {{"ok", true}, {"dry_run", true}, {"seq", tents_.seq(q.tent)}}}, {}};
  if (d.events.empty()) return {q.done ? reply_for(*here, command, d, tents_.seq(q.tent), q.now) : Reply{}, {}};
  // A new tent's first batch is that tent's.
  auto const* created = std::get_if<cmd::CreateTent>(&command);
  TentId const& id = created ? created->id : q.tent;
  if (!group) group.emplace(store_);
  Batch const batch{q.now, d.events};
  seq_ = group->append(q.now, protocol::encode_events(d.events), id);
  auto const& tent = tents_.apply(id, batch);
  auto const tent_seq = tents_.seq(id);
  Frame frame = build_frame(tent, tent.queue_changes(), batch, tent_seq);
  frame.tent = id;
  if (!q.done) return {Reply{}, std::move(frame)};
  Reply reply = reply_for(tent, command, d, tent_seq, q.now);
  if (created) {
    reply.status = 201;
    reply.body["tent"] = tent_ref(id, tent);
  }
  return {std::move(reply), std::move(frame)};
}

Reply Dispatcher::refusal_reply(Tent const& tent, Decision const& d, Millis now) const {
  if (d.error == Error::waiting_elsewhere) {
    auto const& other = this->tent(d.elsewhere);  // a tent Tents::decide found the bib at
    Reply r = error_reply(protocol::waiting_elsewhere(d.existing.value_or(Bib{}), other.settings().tent_name));
    r.body["tent"] = tent_ref(d.elsewhere, other);
    return r;
  }
  Reply r = error_reply(protocol::wire_error(d.error));
  if (d.existing)
    if (auto const* t = tent.ticket(*d.existing))
      r.body["ticket"] = ticket_view(tent, *t, eta(tent, now), Audience::public_);
  return r;
}

protocol::WireError Dispatcher::storage_refusal(std::exception_ptr failure, std::vector<Queued> const& group) {
  protocol::WireError refusal{500, "internal_error", "The server failed to do this; nothing was changed."};
  std::string fault;
  try {
    std::rethrow_exception(failure);
  } catch (store::StorageUnavailable const& e) {
    refusal = protocol::storage_unavailable();
    fault = std::string("STORAGE UNAVAILABLE: ") + e.what() +
            ". Changes are refused (503 storage_unavailable) so that nothing is acknowledged and then lost; pages "
            "still show the tent as it was. Everything up to now is still in this server's memory: download the "
            "export from the organiser page, then stop the server and put the database file back before restarting.";
  } catch (store::Error const& e) {
    if (e.disk_full()) {
      refusal = protocol::storage_full();
      fault = std::string("DISK FULL: cannot write the database (") + e.what() +
              "). Changes are refused (503 storage_full) until the disk that holds it has free space.";
    } else {
      log::error("store", std::string("cannot write the database: ") + e.what() + ". Nothing was changed.");
      return refusal;
    }
  } catch (std::exception const& e) {
    log::error("app", std::string("an action failed: ") + e.what() + ". Nothing was changed.");
    return refusal;
  }
  // Each refused action is a person told "not saved": log every one, but a refused tick only once.
  std::string ops;
  for (auto const& q : group)
    if (!q.op.empty()) ops += (ops.empty() ? "" : ", ") + q.op;
  if (!ops.empty())
    log::error("store", fault + " Refused: " + ops, {{"refused", ops}});
  else if (fault != storage_fault_)
    log::error("store", fault);
  storage_fault_ = fault;
  return refusal;
}

Reply Dispatcher::reply_for(Tent const& tent, Command const& command, Decision const& d, std::int64_t seq,
                            Millis now) const {
  auto const audience = Audience::public_;
  Reply r{200, {{"ok", true}, {"seq", seq}}};
  if (auto const* c = std::get_if<cmd::CheckIn>(&command)) {
    auto const bib = d.replayed ? *d.existing : c->bib;
    r.status = 201;
    auto const& ticket = *tent.ticket(bib);
    r.body["ticket"] = ticket_view(tent, ticket, eta(tent, now), audience);
    r.body["replayed"] = d.replayed;
    // For the status page's QR code: only the kiosk (or volunteer) that checked the runner in sees it.
    if (!ticket.key.empty()) r.body["status_key"] = ticket.key;
    if (c->source == cmd::Source::volunteer) {
      bool was_referred = false;
      for (auto const& e : d.events)
        if (auto const* in = std::get_if<ev::CheckedIn>(&e)) was_referred = in->was_referred;
      r.body["was_referred"] = was_referred;
    }
    return r;
  }
  if (auto id = table_of(command); id && tent.table(*id))
    r.body["table"] = table_view(tent, *tent.table(*id), Audience::staff);
  // table_create: `tables` lists every table made, `table` is the first.
  for (auto const& e : d.events)
    if (auto const* t = std::get_if<ev::TableCreated>(&e)) {
      r.status = 201;
      auto view = table_view(tent, *tent.table(t->table), Audience::staff);
      if (!r.body.contains("table")) r.body["table"] = view;
      r.body["tables"].push_back(std::move(view));
    }
  std::visit(
      [&](auto const& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (requires(T c) {
                        { c.bib } -> std::convertible_to<Bib>;
                      })
          if (auto const* t = tent.ticket(x.bib)) {
            // A session record is staff-only (only staff may make one): its reply has the staff view.
            auto const seen = std::is_same_v<T, cmd::RecordSession> ? Audience::staff : audience;
            r.body["ticket"] = ticket_view(tent, *t, eta(tent, now), seen);
          }
      },
      command);
  // A therapist named here was taken off the table they were at: the reply says which, so the
  // console says so by the server's rule (names compared case aside), not a guess of its own.
  if (auto const* c = std::get_if<cmd::SetTherapist>(&command))
    for (auto const& e : d.events)
      if (auto const* set = std::get_if<ev::TherapistSet>(&e); set && set->table != c->table)
        if (auto const* from = tent.table(set->table))
          r.body["taken_off"] = {{"table", from->id}, {"name", from->name}, {"state", from->state}};
  if (std::holds_alternative<cmd::UpdateSettings>(command)) r.body["settings"] = tent.settings();
  if (auto const* f = std::get_if<cmd::GiveFeedback>(&command))
    if (auto const* t = tent.ticket(f->bib); t && t->feedback) r.body["feedback"] = feedback_view(*t->feedback);
  return r;
}

// 409 stale with what the client should have seen: the table (staff view, as an op's reply
// gives it) or the runner's ticket, so that it can redraw without waiting for a frame.
Reply Dispatcher::stale_reply(Tent const& tent, Command const& command, Expectation const& seen, Millis now) const {
  if (auto id = table_of(command); id && tent.table(*id)) {
    auto const& table = *tent.table(*id);
    Reply r = error_reply(protocol::stale_table(table, seen));
    r.body["table"] = table_view(tent, table, Audience::staff);
    return r;
  }
  Ticket const* ticket = nullptr;
  std::visit(
      [&](auto const& x) {
        if constexpr (requires {
                        { x.bib } -> std::convertible_to<Bib>;
                      })
          ticket = tent.ticket(x.bib);
      },
      command);
  if (!ticket) return error_reply(protocol::wire_error(Error::stale));
  Reply r = error_reply(protocol::stale_ticket(tent, *ticket, seen));
  r.body["ticket"] = ticket_view(tent, *ticket, eta(tent, now), Audience::staff);
  return r;
}

Reply Dispatcher::ticket(TentId const& id, std::string_view raw_bib, Millis now, Audience audience) const {
  auto const& tent = this->tent(id);
  auto const bib = normalise_bib(raw_bib);
  if (!bib) return error_reply(protocol::wire_error(Error::invalid_bib));
  auto const* t = tent.ticket(*bib);
  if (!t) return error_reply(protocol::wire_error(Error::unknown_bib));
  return {200,
          {{"ticket", ticket_view(tent, *t, eta(tent, now), audience)},
           {"announcement", tent.announcement()},
           {"announcement_translations", tent.announcement_translations()}}};
}

}  // namespace tent::app
