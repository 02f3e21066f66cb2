#pragma once
// The one decoder: REST routes, WebSocket ops and CLI subcommands all turn (op name, JSON params)
// into a tent::Command here, so every path accepts exactly the same input with the same errors.
// decode never throws: every problem with the input comes back as a WireError.
//
// Who may run an op is not decided here: app/policy.hpp holds that table.
//
// Ops and their params (the fields of a JSON object):
//   runners:   checkin {bib, areas?, triage?, request_id?, dry_run?}   leave {bib}
//   queue:     add_runner {as checkin}  remove {bib}  priority {bib, on?=true}  move {bib, position>=1}
//   tables:    table_create {name}  table_rename {table, name}  therapist {table, name (may be "")}
//              call {table, bib?}  open close break resume ready recall arrived finish no_show undo {table}
//   referrals: ack_referral clear_referral {bib, by?}
//   records:   record {bib, areas?, outcome (fine|cramp_eased|stopped_early|sent_to_medical), note?}
//   runners' answers: feedback {bib, key, legs (1..5), come_back? (true|false|null)}
//   organiser: settings {any Settings fields}  roster {entries}  announce {text}  tent_create {id, name}
//
// Table ops (all of table_rename .. undo above) and queue ops (remove priority move) also take an
// optional `expect`: what the client saw, {state, bib} for a table op, {position} for a queue op.
//
// checkin and add_runner take `dry_run: true`: decide the check-in on the bib (and the roster) alone
// and commit nothing. Any other op refuses `dry_run: true` (invalid_field) rather than commit what the
// client meant only to try.

#include "core/commands.hpp"
#include "core/expect.hpp"
#include "core/types.hpp"
#include "protocol/errors.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace tent::protocol {

// Exactly one of command and error is set; expect only with a command, when the params had one.
struct Decoded {
  std::optional<Command> command;
  std::optional<WireError> error;
  std::optional<Expectation> expect;
  bool dry_run = false;  // decide only: the dispatcher commits, applies and publishes nothing
};

// `current` is needed by "settings", which merges the given fields onto the current settings.
Decoded decode(std::string_view op, nlohmann::json const& params, Settings const& current);

// Every op, for docs and tests.
std::vector<std::string_view> ops();

}  // namespace tent::protocol
