#pragma once
// A generator of realistic random commands for property tests: volunteers, runners and time in
// any order, aimed so that the interesting paths (undo, no-show, referrals) are reached.

#include "core/tent.hpp"

#include <random>
#include <string>

namespace tent::test {

// `last_table` is the table of the last accepted table action: undo aims there, or it would
// almost never find something to undo.
inline Command random_command(std::mt19937& rng, Tent const& tent, TableId last_table) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto const bib = std::to_string(pick(40));
  auto const table = static_cast<TableId>(pick(static_cast<int>(tent.tables().size()) + 2));
  switch (pick(27)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return cmd::CheckIn{bib,
                          {},
                          pick(10) == 0 ? std::vector<RedFlag>{RedFlag::open_wound} : std::vector<RedFlag>{},
                          pick(3) == 0 ? "r" + std::to_string(pick(60)) : "",
                          pick(4) == 0 ? cmd::Source::volunteer : cmd::Source::kiosk,
                          "key" + bib};
    case 4:
      return cmd::Leave{bib};
    case 5:
      return cmd::Remove{bib};
    case 6:
      return cmd::SetPriority{bib, pick(2) == 0};
    case 7:
      return cmd::Move{bib, pick(8)};
    case 8:
      return cmd::CreateTable{"T"};
    case 9:
      return cmd::OpenTable{table};
    case 10:
      return cmd::CloseTable{table};
    case 11:
      return pick(2) ? Command{cmd::StartBreak{table}} : Command{cmd::Resume{table}};
    case 12:
      return cmd::MarkReady{table};
    case 13:
      return cmd::Call{table, pick(2) ? std::optional<Bib>{bib} : std::nullopt};
    case 14:
    case 15:
      return cmd::Arrive{table};
    case 16:
    case 17:
      return cmd::Finish{table, pick(6) == 0 ? Outcome::medical : Outcome::served};
    case 18:
      return cmd::NoShow{table};
    case 19:
    case 25:
      return cmd::Undo{pick(4) ? last_table : table};
    case 20: {
      Settings s = tent.settings();
      s.auto_assign = pick(4) != 0;
      s.changeover_s = pick(2) ? 0 : 60;
      s.no_show_policy = pick(2) ? NoShowPolicy::drop : NoShowPolicy::requeue_once;
      s.allow_repeats = pick(2) == 0;
      return cmd::UpdateSettings{s};
    }
    case 21:
    case 22: {  // mostly a bib with an open referral, or these would rarely find one
      auto const open = tent.referrals().unacknowledged();
      auto const who =
          open.empty() || pick(4) == 0 ? bib : open[static_cast<std::size_t>(pick(static_cast<int>(open.size())))]->bib;
      return pick(2) ? Command{cmd::AckReferral{who, "volunteer"}} : Command{cmd::ClearReferral{who, "volunteer"}};
    }
    case 23: {  // mostly the runner a table has just finished, as the console offers it
      auto const* t = tent.table(last_table);
      bool const finished = t && t->last.kind == UndoRecord::Kind::finished && pick(4) != 0;
      bool const medical = finished && t->last.medical;
      auto const outcome = medical || pick(5) == 0 ? SessionOutcome::sent_to_medical : SessionOutcome::fine;
      return cmd::RecordSession{finished ? t->last.bib : bib, {Area::calves, Area::feet}, outcome, "ok"};
    }
    case 24: {  // mostly the runner a table has just finished, with their key, as their status page would
      auto const* t = tent.table(last_table);
      auto const who = t && t->last.kind == UndoRecord::Kind::finished && pick(4) != 0 ? t->last.bib : bib;
      return cmd::GiveFeedback{who, pick(8) == 0 ? "guess" : "key" + who, pick(6),
                               pick(3) == 0 ? std::nullopt : std::optional<bool>(pick(2) == 0)};
    }
    default:
      return cmd::Tick{};
  }
}

}  // namespace tent::test
