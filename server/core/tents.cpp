#include "core/tents.hpp"

#include "core/expect.hpp"
#include "core/limits.hpp"

#include <algorithm>

namespace tent {
namespace {

bool in_line(TicketStatus s) {
  return s == TicketStatus::waiting || s == TicketStatus::called || s == TicketStatus::in_session;
}

Decision refuse(Error e) {
  Decision d;
  d.error = e;
  return d;
}

}  // namespace

bool valid_tent_id(std::string_view id) {
  if (id.empty() || id.size() > max_tent_id_length || id.front() == '-') return false;
  for (char const c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Tents::Tents() { tents_.emplace(TentId{}, Entry{}); }

Tents Tents::restore(std::map<TentId, Entry> tents) {
  Tents t;
  tents.try_emplace(TentId{});
  t.tents_ = std::move(tents);
  return t;
}

Tent const* Tents::find(TentId const& id) const {
  auto const it = tents_.find(id);
  return it == tents_.end() ? nullptr : &it->second.tent;
}

std::int64_t Tents::seq(TentId const& id) const {
  auto const it = tents_.find(id);
  return it == tents_.end() ? 0 : it->second.seq;
}

std::optional<TentId> Tents::elsewhere(TentId const& here, Bib const& bib) const {
  for (auto const& [id, entry] : tents_) {
    if (id == here) continue;
    if (auto const* t = entry.tent.ticket(bib); t && in_line(t->status)) return id;
  }
  return std::nullopt;
}

Decision Tents::decide(TentId const& id, Command const& command, Millis now,
                       std::optional<Expectation> const& expect) const {
  if (auto const* c = std::get_if<cmd::CreateTent>(&command)) return create(c->id, c->name);
  auto d = decide_expecting(tents_.at(id).tent, command, now, expect);
  if (!d.ok() || tents_.size() == 1) return d;
  // A referral at triage is let through: being sent to medical is never refused.
  for (auto const& e : d.events)
    if (auto const* in = std::get_if<ev::CheckedIn>(&e))
      if (auto where = elsewhere(id, in->bib)) {
        Decision refused = refuse(Error::waiting_elsewhere);
        refused.existing = in->bib;
        refused.elsewhere = std::move(*where);
        return refused;
      }
  return d;
}

Decision Tents::create(TentId const& id, std::string const& name) const {
  if (!valid_tent_id(id)) return refuse(Error::invalid_tent_id);
  if (name.empty() || text_length(name) > max_name_length) return refuse(Error::invalid_name);
  if (tents_.count(id)) return refuse(Error::tent_exists);
  if (tents_.size() >= max_tents) return refuse(Error::too_many_tents);
  auto const& first = this->first();
  Settings settings = first.settings();
  settings.tent_name = name;
  Decision d;
  d.events.push_back(ev::SettingsChanged{std::move(settings)});
  if (!first.roster().empty()) {
    ev::RosterLoaded roster;
    roster.entries.reserve(first.roster().size());
    for (auto const& [bib, entry] : first.roster()) roster.entries.push_back(entry);
    std::sort(roster.entries.begin(), roster.entries.end(),
              [](RosterEntry const& a, RosterEntry const& b) { return a.bib < b.bib; });
    d.events.push_back(std::move(roster));
  }
  return d;
}

Tent& Tents::apply(TentId const& id, Batch const& batch) {
  auto& entry = tents_[id];
  entry.tent.apply(batch);
  ++entry.seq;
  return entry.tent;
}

}  // namespace tent
