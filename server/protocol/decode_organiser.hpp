#pragma once
// The organiser's ops, split from decode.cpp for size: each reads a Params and returns the
// command or throws Refusal (see params.hpp); decode() is the only caller.

#include "core/commands.hpp"
#include "core/types.hpp"
#include "protocol/params.hpp"

namespace tent::protocol {

// "settings": the given fields merged onto `current`; null keeps a field as it is, except
// closing_at where null clears it. Unknown fields refuse with invalid_field, out-of-range
// values with invalid_setting naming the field. Ranges (core/limits.hpp):
//   session_target_s, call_timeout_s, changeover_s as setting_ranges says (seconds);
//   tent_name a name (1..max_name_length); priority_category 0..max_name_length;
//   refused_categories up to max_refused_categories non-empty names, duplicates collapsed;
//   medical_directions 0..max_text_length; closing_at ms since the epoch, >= 0, or null.
cmd::UpdateSettings decode_settings(Params const& params, Settings const& current);

// "roster": {entries: [{bib, first_name?, last_name?, category?}]}. Names and category are
// trimmed and at most max_name_length; a bad or duplicate row refuses the whole roster with
// invalid_roster naming the row as entries[i].
cmd::LoadRoster decode_roster(Params const& params);

// "announce": {text}, trimmed, at most max_text_length, line breaks allowed;
// "" clears the announcement.
cmd::Announce decode_announce(Params const& params);

// "tent_create": {id, name}: another tent in the event (core/tents.hpp checks the id).
cmd::CreateTent decode_tent_create(Params const& params);

}  // namespace tent::protocol
