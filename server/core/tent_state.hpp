#pragma once
// Everything a Tent holds, as a plain value: what a snapshot stores, so that a restart can start
// from it and replay only the log after it instead of the whole log.
//
// Tent::restore(t.state()) is the same tent as t: the same state() and the same decisions and
// effects for every later command. Maps compare as sets (operator== of unordered_map), so two
// tents built along different paths compare equal when they hold the same things.

#include "core/referrals.hpp"
#include "core/tent.hpp"
#include "core/types.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace tent {

struct TentState {
  Settings settings;
  std::vector<Table> tables;  // index = id - 1
  std::vector<Bib> queue;     // the waiting runners, first in line first
  std::unordered_map<Bib, Ticket> tickets;
  std::vector<Ticket> earlier_visits;  // oldest first
  std::unordered_map<Bib, RosterEntry> roster;
  std::unordered_map<std::string, Bib> requests;  // check-in request id -> the bib it produced
  std::string announcement;
  std::map<std::string, std::string> announcement_translations;
  History history;
  Turnover turnover;
  Referrals referrals;
  Millis last_at = 0;

  bool operator==(TentState const&) const = default;
};

}  // namespace tent
