#include "app/frames.hpp"

#include "app/views.hpp"
#include "core/estimate.hpp"
#include "protocol/events_json.hpp"

#include <set>

namespace tent::app {

using nlohmann::json;

namespace {

template <class T>
concept HasTable = requires(T t) {
  t.table;
};
// The batch's queue changes as ops, in order. Every inserted runner's entry is rendered from the
// state after the batch (a priority change, for one, is a deletion and an insertion).
json queue_ops(Tent const& tent, std::vector<LineChange> const& changes, Audience audience) {
  json ops = json::array();
  for (auto const& c : changes) {
    if (c.insert)
      ops.push_back({"ins", c.index, queue_entry_view(tent, c.bib, audience)});
    else
      ops.push_back({"del", c.bib});
  }
  return ops;
}

// What one batch changed, worked out once and rendered for each audience.
struct Change {
  Tent const& after;
  std::vector<LineChange> const& queue_changes;
  Batch const& batch;
  std::int64_t seq;
  std::set<TableId> tables;  // tables the batch touched
  json eta;
};

std::string frame_text(Change const& c, Audience audience) {
  json events = json::array();
  for (auto const& e : c.batch.events) {
    // A session record is health data: the public audience is not even told one was made. A
    // runner's answer is for organisers, who read it in the figures: no frame carries it.
    if (audience == Audience::public_ && std::holds_alternative<ev::SessionRecorded>(e)) continue;
    if (std::holds_alternative<ev::FeedbackGiven>(e)) continue;
    events.push_back(audience == Audience::public_ ? protocol::public_event(e) : protocol::staff_event(e));
  }
  json changed = json::array();
  for (auto id : c.tables) changed.push_back(table_view(c.after, *c.after.table(id), audience));
  json j = {{"type", "update"}, {"seq", c.seq},      {"at", c.batch.at},
            {"events", events}, {"tables", changed}, {"queue", queue_ops(c.after, c.queue_changes, audience)},
            {"eta", c.eta}};
  for (auto const& e : c.batch.events) {
    if (std::holds_alternative<ev::SettingsChanged>(e)) j["settings"] = settings_view(c.after.settings(), audience);
    if (std::holds_alternative<ev::Announced>(e)) {
      j["announcement"] = c.after.announcement();
      j["announcement_translations"] = c.after.announcement_translations();
    }
  }
  if (audience == Audience::staff && touches_referrals(c.batch)) j["referrals"] = open_referrals_view(c.after);
  return j.dump();
}

}  // namespace

Frame build_frame(Tent const& after, std::vector<LineChange> const& queue_changes, Batch const& batch,
                  std::int64_t seq) {
  Change c{after, queue_changes, batch, seq, {}, eta_view(eta(after, batch.at))};
  for (auto const& e : batch.events) {
    std::visit(
        [&](auto const& x) {
          if constexpr (HasTable<std::decay_t<decltype(x)>>) c.tables.insert(x.table);
        },
        e);
    // A record changes the staff view of the table that served the runner (its last_session).
    if (auto const* r = std::get_if<ev::SessionRecorded>(&e))
      if (auto const* t = after.ticket(r->bib); t && t->table && after.table(*t->table)) c.tables.insert(*t->table);
  }
  return Frame{{},
               seq,
               net::Message::text(frame_text(c, Audience::public_)),
               net::Message::text(frame_text(c, Audience::staff))};
}

}  // namespace tent::app
