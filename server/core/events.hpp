#pragma once
// Facts the tent has accepted. State is rebuilt by applying them in order; they are what the
// store persists and what the subscribers are sent. Every event of one command shares that
// command's time (`Batch::at`).

#include "types.hpp"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tent::ev {

struct CheckedIn {
  Bib bib;
  std::vector<Area> areas;
  std::string request_id;
  std::string category;             // from the roster, if any
  bool priority = false;            // the category has precedence
  std::int32_t quoted_wait_s = -1;  // the estimate the runner was given; -1 when none could be given
  bool by_volunteer = false;
  bool was_referred = false;  // a volunteer queued a runner with an open referral (which this closes)
  std::string key;            // the visit's status key (cmd::CheckIn); never in a frame
};
struct Referred {  // red-flag triage at check-in: sent to the medical tent, not queued
  Bib bib;
  std::vector<RedFlag> red_flags;
  std::string request_id;
};
struct WalkedOut {
  Bib bib;
};
struct Removed {
  Bib bib;
};
struct PrioritySet {
  Bib bib;
  bool on = true;
};
struct Moved {
  Bib bib;
  std::int32_t position = 0;
};

struct TableCreated {
  TableId table = 0;
  std::string name;
};
struct TableRenamed {
  TableId table = 0;
  std::string name;
};
struct TherapistSet {
  TableId table = 0;
  std::string name;
};
struct TableOpened {
  TableId table = 0;
};
struct TableClosed {
  TableId table = 0;
};
struct BreakStarted {
  TableId table = 0;
};
struct BreakEnded {
  TableId table = 0;
};
struct ChangeoverEnded {
  TableId table = 0;
};
struct Called {
  TableId table = 0;
  Bib bib;
};
struct Recalled {
  TableId table = 0;
};
struct Arrived {
  TableId table = 0;
};
struct Finished {
  TableId table = 0;
  Outcome outcome = Outcome::served;
};  // medical: sent from the table
struct NoShowed {
  TableId table = 0;
  bool requeued = false;
};
struct Undone {
  TableId table = 0;
};

struct SettingsChanged {
  Settings settings;
};
struct RosterLoaded {
  std::vector<RosterEntry> entries;
};
struct Announced {
  std::string text;
  std::map<std::string, std::string> translations = {};  // language code -> text; empty when text is
};
struct ReferralAcknowledged {
  Bib bib;
  std::string by;
};
struct ReferralCleared {
  Bib bib;
  std::string by;
};

// A therapist's record of the runner's finished session (health data: staff only, never public).
// `therapist` is who gave the session (the ticket's therapist), filled in by decide.
struct SessionRecorded {
  Bib bib;
  std::vector<Area> areas;
  SessionOutcome outcome = SessionOutcome::invalid;
  std::string note;
  std::string therapist;
};

// The runner's answer after the session (cmd::GiveFeedback): organisers' eyes only.
struct FeedbackGiven {
  Bib bib;
  std::int32_t legs = 0;
  std::optional<bool> come_back;
};

}  // namespace tent::ev

namespace tent {

using Event = std::variant<ev::CheckedIn, ev::Referred, ev::WalkedOut, ev::Removed, ev::PrioritySet, ev::Moved,
                           ev::TableCreated, ev::TableRenamed, ev::TherapistSet, ev::TableOpened, ev::TableClosed,
                           ev::BreakStarted, ev::BreakEnded, ev::ChangeoverEnded, ev::Called, ev::Recalled, ev::Arrived,
                           ev::Finished, ev::NoShowed, ev::Undone, ev::SettingsChanged, ev::RosterLoaded, ev::Announced,
                           ev::ReferralAcknowledged, ev::ReferralCleared, ev::SessionRecorded, ev::FeedbackGiven>;

// The events of one accepted command, all at one time. One batch = one commit = one seq.
struct Batch {
  Millis at = 0;
  std::vector<Event> events;
};

}  // namespace tent
