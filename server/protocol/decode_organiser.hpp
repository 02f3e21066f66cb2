#pragma once
// The organiser's ops, split from decode.cpp for size: each reads a Params and returns the
// command or throws Refusal (see params.hpp); decode() is the only caller.

#include "core/commands.hpp"
#include "core/types.hpp"
#include "protocol/params.hpp"

namespace tent::protocol {

// "settings": the given fields merged onto `current`; null keeps a field as it is, except
// closing_at where null clears it. Unknown fields refuse with invalid_field, out-of-range
// values with invalid_setting naming the field. Ranges:
//   session_target_s 60..3600, call_timeout_s 30..1800, changeover_s 0..900 (seconds);
//   tent_name a name (1..40 characters); priority_category 0..40 characters;
//   refused_categories up to max_refused_categories non-empty names, duplicates collapsed;
//   closing_at ms since the epoch, >= 0, or null.
cmd::UpdateSettings decode_settings(Params const& params, Settings const& current);
inline constexpr std::size_t max_refused_categories = 50;

// "roster": {entries: [{bib, first_name?, last_name?, category?}]}. Names and category are
// trimmed and at most 40 characters; a bad or duplicate row refuses the whole roster with
// invalid_roster naming the row as entries[i].
cmd::LoadRoster decode_roster(Params const& params);

// "announce": {text}, trimmed, at most max_announcement_length characters, line breaks allowed;
// "" clears the announcement.
cmd::Announce decode_announce(Params const& params);

}  // namespace tent::protocol
