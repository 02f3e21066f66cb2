#pragma once
// Test helper: a command as JSON ({"cmd": struct name, fields...}) so that decode results can be
// compared with an expected value in one REQUIRE, and a failure prints both sides.

#include "core/commands.hpp"
#include "protocol/events_json.hpp"
#include "protocol/names.hpp"

#include <nlohmann/json.hpp>

namespace tent::test {

inline nlohmann::json command_json(Command const& command) {
  struct Describe {
    nlohmann::json operator()(cmd::CheckIn const& c) const {
      return {{"cmd", "CheckIn"},           {"bib", c.bib},
              {"areas", c.areas},           {"red_flags", c.red_flags},
              {"request_id", c.request_id}, {"source", c.source == cmd::Source::kiosk ? "kiosk" : "volunteer"}};
    }
    nlohmann::json operator()(cmd::GiveFeedback const& c) const {
      return {{"cmd", "GiveFeedback"},
              {"bib", c.bib},
              {"key", c.key},
              {"legs", c.legs},
              {"come_back", c.come_back ? nlohmann::json(*c.come_back) : nlohmann::json(nullptr)}};
    }
    nlohmann::json operator()(cmd::Leave const& c) const { return {{"cmd", "Leave"}, {"bib", c.bib}}; }
    nlohmann::json operator()(cmd::Remove const& c) const { return {{"cmd", "Remove"}, {"bib", c.bib}}; }
    nlohmann::json operator()(cmd::SetPriority const& c) const {
      return {{"cmd", "SetPriority"}, {"bib", c.bib}, {"on", c.on}};
    }
    nlohmann::json operator()(cmd::Move const& c) const {
      return {{"cmd", "Move"}, {"bib", c.bib}, {"position", c.position}};
    }
    nlohmann::json operator()(cmd::CreateTable const& c) const {
      nlohmann::json j = {{"cmd", "CreateTable"}, {"name", c.name}};
      if (c.numbered) j["numbered"] = c.numbered;
      return j;
    }
    nlohmann::json operator()(cmd::RenameTable const& c) const {
      return {{"cmd", "RenameTable"}, {"table", c.table}, {"name", c.name}};
    }
    nlohmann::json operator()(cmd::SetTherapist const& c) const {
      return {{"cmd", "SetTherapist"}, {"table", c.table}, {"name", c.name}};
    }
    nlohmann::json operator()(cmd::OpenTable const& c) const { return {{"cmd", "OpenTable"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::CloseTable const& c) const { return {{"cmd", "CloseTable"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::StartBreak const& c) const { return {{"cmd", "StartBreak"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::Resume const& c) const { return {{"cmd", "Resume"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::MarkReady const& c) const { return {{"cmd", "MarkReady"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::Call const& c) const {
      nlohmann::json j = {{"cmd", "Call"}, {"table", c.table}, {"bib", nullptr}};
      if (c.bib) j["bib"] = *c.bib;
      return j;
    }
    nlohmann::json operator()(cmd::Recall const& c) const { return {{"cmd", "Recall"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::Arrive const& c) const { return {{"cmd", "Arrive"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::Finish const& c) const {
      return {{"cmd", "Finish"}, {"table", c.table}, {"outcome", c.outcome}};
    }
    nlohmann::json operator()(cmd::NoShow const& c) const { return {{"cmd", "NoShow"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::Undo const& c) const { return {{"cmd", "Undo"}, {"table", c.table}}; }
    nlohmann::json operator()(cmd::UpdateSettings const& c) const {
      return {{"cmd", "UpdateSettings"}, {"settings", c.settings}};
    }
    nlohmann::json operator()(cmd::LoadRoster const& c) const {
      return {{"cmd", "LoadRoster"}, {"entries", c.entries}};
    }
    nlohmann::json operator()(cmd::Announce const& c) const {
      nlohmann::json j = {{"cmd", "Announce"}, {"text", c.text}};
      if (!c.translations.empty()) j["translations"] = c.translations;
      return j;
    }
    nlohmann::json operator()(cmd::Tick const&) const { return {{"cmd", "Tick"}}; }
    nlohmann::json operator()(cmd::AckReferral const& c) const {
      return {{"cmd", "AckReferral"}, {"bib", c.bib}, {"by", c.by}};
    }
    nlohmann::json operator()(cmd::ClearReferral const& c) const {
      return {{"cmd", "ClearReferral"}, {"bib", c.bib}, {"by", c.by}};
    }
    nlohmann::json operator()(cmd::CreateTent const& c) const {
      return {{"cmd", "CreateTent"}, {"id", c.id}, {"name", c.name}};
    }
    nlohmann::json operator()(cmd::RecordSession const& c) const {
      return {{"cmd", "RecordSession"}, {"bib", c.bib}, {"areas", c.areas}, {"outcome", c.outcome}, {"note", c.note}};
    }
  };
  return std::visit(Describe{}, command);
}

}  // namespace tent::test
