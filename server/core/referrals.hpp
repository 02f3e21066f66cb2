#pragma once
// Medical referrals: every runner sent to the medical tent, at the kiosk's triage or from a table,
// kept as a record of its own that a later visit of the same bib never overwrites.
//
// A referral is open until a volunteer clears it (medical has seen the runner) or deliberately
// queues the runner anyway; while it is open the kiosk refuses the bib. Volunteers acknowledge each
// open referral, so that every one is seen by someone; an acknowledged referral stays open.

#include "types.hpp"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tent {

struct Referral {
  enum class From { kiosk, table };
  Bib bib;
  From from = From::kiosk;
  Millis at = 0;                   // when the runner was sent to medical
  std::vector<RedFlag> red_flags;  // the triage questions answered yes (none from a table)
  std::string category;            // the roster category at the time
  // The visit that ended in the referral, for the export.
  std::vector<Area> areas;
  Millis checked_in_at = 0, called_at = 0, started_at = 0;
  Millis excluded_ms = 0;
  std::int32_t quoted_wait_s = -1;
  std::optional<TableId> table;  // from a table: which one, and who was working it
  std::string therapist;
  Millis acknowledged_at = 0;  // 0 until a volunteer acknowledged it
  std::string acknowledged_by;
  Millis cleared_at = 0;   // 0 while open
  std::string cleared_by;  // who cleared it; "add_runner" when a volunteer queued the runner anyway
  bool withdrawn = false;  // an undone "sent to medical": kept out of counts and the export

  bool open() const { return cleared_at == 0 && !withdrawn; }
  bool operator==(Referral const&) const = default;
};

class Referrals {
public:
  // The indexes a snapshot carries along with the records, so that a restored Referrals is the same value.
  using Latest = std::unordered_map<Bib, std::size_t>;
  using Unacknowledged = std::set<std::size_t>;
  Referrals() = default;
  // Throws std::out_of_range when an index names no record.
  Referrals(std::vector<Referral> records, Latest latest, Unacknowledged unacknowledged);
  Latest const& latest_indexes() const { return latest_; }
  Unacknowledged const& unacknowledged_indexes() const { return unacknowledged_; }
  bool operator==(Referrals const&) const = default;

  // Records a referral; it becomes the bib's latest.
  void add(Referral r);
  void acknowledge(Bib const& bib, Millis at, std::string by);
  void clear(Bib const& bib, Millis at, std::string by);
  // Takes back the bib's latest referral (an undone "sent to medical").
  void withdraw(Bib const& bib);

  // The bib's open referral, or nullptr.
  Referral const* open(Bib const& bib) const;
  // The bib's latest referral, open, cleared or withdrawn; nullptr if it never had one.
  Referral const* latest(Bib const& bib) const;
  // Open referrals no volunteer has acknowledged yet, oldest first.
  std::vector<Referral const*> unacknowledged() const;
  // Every referral in the order they happened, withdrawn ones included.
  std::vector<Referral> const& all() const { return records_; }
  // Referrals of one origin, withdrawn ones left out.
  std::int32_t count(Referral::From from) const;

private:
  Referral* latest(Bib const& bib);

  std::vector<Referral> records_;
  std::unordered_map<Bib, std::size_t> latest_;  // bib -> index of its latest record
  std::set<std::size_t> unacknowledged_;         // indices of open, unacknowledged records
};

}  // namespace tent
