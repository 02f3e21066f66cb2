#include "core/tent_state.hpp"

namespace tent {

TentState Tent::state() const {
  TentState s;
  s.settings = settings_;
  s.tables = tables_;
  s.queue = queue_.bibs();
  s.tickets = tickets_;
  s.earlier_visits = earlier_visits_;
  s.roster = roster_;
  s.requests = requests_;
  s.announcement = announcement_;
  s.announcement_translations = announcement_translations_;
  s.history = history_;
  s.turnover = turnover_;
  s.referrals = referrals_;
  s.last_at = last_at_;
  return s;
}

Tent Tent::restore(TentState s) {
  Tent t;
  t.settings_ = std::move(s.settings);
  t.tables_ = std::move(s.tables);
  t.tickets_ = std::move(s.tickets);
  t.earlier_visits_ = std::move(s.earlier_visits);
  std::vector<Line::Entry> line;
  line.reserve(s.queue.size());
  for (auto& bib : s.queue) {
    auto const it = t.tickets_.find(bib);
    bool const priority = it != t.tickets_.end() && it->second.priority;
    line.push_back({std::move(bib), priority});
  }
  t.queue_.assign(line);
  t.roster_ = std::move(s.roster);
  t.requests_ = std::move(s.requests);
  t.announcement_ = std::move(s.announcement);
  t.announcement_translations_ = std::move(s.announcement_translations);
  t.history_ = std::move(s.history);
  t.turnover_ = std::move(s.turnover);
  t.referrals_ = std::move(s.referrals);
  t.last_at_ = s.last_at;
  return t;
}

}  // namespace tent
