#include "app/frames.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "app/views.hpp"
#include "core/estimate.hpp"
#include "protocol/events_json.hpp"

namespace tent::app {

using nlohmann::json;

namespace {

template <class T>
concept HasTable = requires(T t) { t.table; };
template <class T>
concept HasBib = requires(T t) { t.bib; };

// Queue ops turning `before` into `after`: deletions first, then insertions in index order.
// Bibs in `touched` are re-sent even if their place did not change (their entry changed).
json queue_ops(Tent const& tent, std::vector<Bib> const& before, std::vector<Bib> const& after,
               std::unordered_set<Bib> const& touched, Audience audience) {
  json ops = json::array();
  std::unordered_set<Bib> const keep(after.begin(), after.end());
  std::vector<Bib> current;
  for (auto const& b : before) {
    if (keep.count(b) && !touched.count(b)) current.push_back(b);
    else ops.push_back({"del", b});
  }
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (i < current.size() && current[i] == after[i]) continue;
    if (auto it = std::find(current.begin(), current.end(), after[i]); it != current.end()) {
      ops.push_back({"del", after[i]});
      current.erase(it);
    }
    current.insert(current.begin() + static_cast<std::ptrdiff_t>(i), after[i]);
    ops.push_back({"ins", i, queue_entry_view(tent, after[i], audience)});
  }
  return ops;
}

// What one batch changed, worked out once and rendered for each audience.
struct Change {
  Tent const& after;
  std::vector<Bib> const& queue_before;
  Batch const& batch;
  std::int64_t seq;
  std::set<TableId> tables;        // tables the batch touched
  std::unordered_set<Bib> touched;  // runners the batch named
  json eta;
};

std::string frame_text(Change const& c, Audience audience) {
  json events = json::array();
  for (auto const& e : c.batch.events)
    events.push_back(audience == Audience::public_ ? protocol::public_event(e) : protocol::staff_event(e));
  json changed = json::array();
  for (auto id : c.tables) changed.push_back(table_view(*c.after.table(id), audience));
  json j = {{"type", "update"},
            {"seq", c.seq},
            {"at", c.batch.at},
            {"events", events},
            {"tables", changed},
            {"queue", queue_ops(c.after, c.queue_before, c.after.queue().bibs(), c.touched, audience)},
            {"eta", c.eta}};
  for (auto const& e : c.batch.events) {
    if (std::holds_alternative<ev::SettingsChanged>(e)) j["settings"] = settings_view(c.after.settings(), audience);
    if (std::holds_alternative<ev::Announced>(e)) j["announcement"] = c.after.announcement();
  }
  if (audience == Audience::staff && touches_referrals(c.batch)) j["referrals"] = open_referrals_view(c.after);
  return j.dump();
}

}  // namespace

Frame build_frame(Tent const& after, std::vector<Bib> const& queue_before, Batch const& batch, std::int64_t seq) {
  Change c{after, queue_before, batch, seq, {}, {}, eta_view(eta(after, batch.at))};
  for (auto const& e : batch.events) {
    std::visit(
        [&](auto const& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (HasTable<T>) c.tables.insert(x.table);
          if constexpr (HasBib<T>) c.touched.insert(x.bib);
        },
        e);
  }
  return Frame{seq, std::make_shared<std::string const>(frame_text(c, Audience::public_)),
               std::make_shared<std::string const>(frame_text(c, Audience::staff))};
}

}  // namespace tent::app
