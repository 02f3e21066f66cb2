#pragma once
// What a client asks the tent to do. A command is a request, not a fact: the core decides
// whether it is allowed and, if so, which events it produces.

#include "types.hpp"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tent::cmd {

// Who issued the command; the kiosk path is subject to the closing time, a volunteer's is not.
enum class Source { kiosk, volunteer };

struct CheckIn {
  Bib bib;
  std::vector<Area> areas;
  std::vector<RedFlag> red_flags;  // the triage questions answered "yes"
  std::string request_id;          // retried requests with the same id get the same result
  Source source = Source::kiosk;
  std::string key;  // the runner's status key, drawn by the server (never the client) for a new visit
};
struct Leave {
  Bib bib;
};  // the runner leaves the queue (walkout)
struct Remove {
  Bib bib;
};  // a volunteer takes a runner out of the queue
struct SetPriority {
  Bib bib;
  bool on = true;
};
struct Move {
  Bib bib;
  std::int32_t position = 0;
};  // 1-based target position

// Adds one table called `name` or, with `numbered` > 0 (and no name), that many tables named
// "Table k", k the lowest numbers no table is named with yet: setting up a tent in one step.
struct CreateTable {
  std::string name;
  std::int32_t numbered = 0;
};
struct RenameTable {
  TableId table = 0;
  std::string name;
};
struct SetTherapist {
  TableId table = 0;
  std::string name;
};
struct OpenTable {
  TableId table = 0;
};
struct CloseTable {
  TableId table = 0;
};
struct StartBreak {
  TableId table = 0;
};
struct Resume {
  TableId table = 0;
};  // back from break
struct MarkReady {
  TableId table = 0;
};  // changeover done: couch wiped, covers changed
struct Call {
  TableId table = 0;
  std::optional<Bib> bib;
};  // head of queue, or a chosen bib
struct Recall {
  TableId table = 0;
};  // announce the called bib again
struct Arrive {
  TableId table = 0;
};
struct Finish {
  TableId table = 0;
  Outcome outcome = Outcome::served;
};  // medical: sent to the medical tent
struct NoShow {
  TableId table = 0;
};
struct Undo {
  TableId table = 0;
};

struct UpdateSettings {
  Settings settings;
};
struct LoadRoster {
  std::vector<RosterEntry> entries;
};
// The main text, and optionally one per language (code -> text) for pages shown in that language.
struct Announce {
  std::string text;
  std::map<std::string, std::string> translations = {};
};  // an empty text clears the announcement and its translations
// A volunteer has seen an open medical referral; `by` says who (the role when nothing better is known).
struct AckReferral {
  Bib bib;
  std::string by;
};
// Medical has cleared the runner: the kiosk takes the bib again.
struct ClearReferral {
  Bib bib;
  std::string by;
};
// Time passing: ends changeovers whose seconds are up (and so may call the next runner).
struct Tick {};
// Another tent in the event (core/tents.hpp decides it; a single Tent refuses it).
struct CreateTent {
  std::string id;
  std::string name;
};

// The therapist's short record of a finished session: the areas worked, how it went, an optional
// one-line note (at most max_text_length characters). A second record of the same visit replaces the first.
struct RecordSession {
  Bib bib;
  std::vector<Area> areas;
  SessionOutcome outcome = SessionOutcome::invalid;
  std::string note;
};

// The runner's answer after their session, from the status page: how their legs feel (1 very sore
// to 5 great) and, if they said, whether they would come back. `key` must be the visit's status
// key (only the kiosk that checked them in was given it). A second answer replaces the first for
// feedback_window after the first; without come_back it keeps the first one's.
struct GiveFeedback {
  Bib bib;
  std::string key;
  std::int32_t legs = 0;
  std::optional<bool> come_back;
};

}  // namespace tent::cmd

namespace tent {

using Command =
    std::variant<cmd::CheckIn, cmd::Leave, cmd::Remove, cmd::SetPriority, cmd::Move, cmd::CreateTable, cmd::RenameTable,
                 cmd::SetTherapist, cmd::OpenTable, cmd::CloseTable, cmd::StartBreak, cmd::Resume, cmd::MarkReady,
                 cmd::Call, cmd::Recall, cmd::Arrive, cmd::Finish, cmd::NoShow, cmd::Undo, cmd::UpdateSettings,
                 cmd::LoadRoster, cmd::Announce, cmd::Tick, cmd::AckReferral, cmd::ClearReferral, cmd::CreateTent,
                 cmd::RecordSession, cmd::GiveFeedback>;

// The table a command acts on, if it is a table action.
inline std::optional<TableId> table_of(Command const& c) {
  return std::visit(
      [](auto const& x) -> std::optional<TableId> {
        if constexpr (requires { x.table; }) return x.table;
        return std::nullopt;
      },
      c);
}

}  // namespace tent
