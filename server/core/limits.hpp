#pragma once
// The domain's limits, owned here and written nowhere else. The decoder refuses input that breaks
// them, the core checks them again on every command (whatever the core accepts, the decoder could
// have sent), and the server publishes them to the pages as the `limits` object of every snapshot
// and of GET /api/settings (app/views.hpp, limits_view), so no page keeps a copy.
//
// Lengths of names and texts are characters (Unicode code points, as text_length counts them), as
// the pages count them too; a bib is ASCII.

#include "core/types.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tent {

inline constexpr std::size_t max_bib_length = 8;           // a bib: 1..8 letters A-Z or digits (normalise_bib)
inline constexpr std::size_t max_name_length = 40;         // table, therapist, tent and roster names, categories
inline constexpr std::size_t max_text_length = 280;        // text shown to runners: announcement, medical directions
inline constexpr std::size_t max_tables = 200;             // tables a tent may have
inline constexpr std::size_t max_refused_categories = 50;  // entries of Settings::refused_categories
inline constexpr std::size_t max_announcement_languages = 20;  // texts per language beside an announcement's main one
// A language code as the pages' i18n files are named: 2 or 3 lowercase ASCII letters ("de", "es").
constexpr bool valid_language_code(std::string_view code) {
  if (code.size() < 2 || code.size() > 3) return false;
  for (char const c : code)
    if (c < 'a' || c > 'z') return false;
  return true;
}
// The characters (code points) of valid UTF-8 text: the bytes that do not continue a sequence.
constexpr std::size_t text_length(std::string_view utf8) {
  std::size_t n = 0;
  for (char const c : utf8) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  return n;
}

// How long a table's last arrived, finish or no-show can be undone.
inline constexpr Millis undo_window = seconds(120);

// A runner's answer after the session (cmd::GiveFeedback): legs from 1 (very sore) to 5 (great),
// changeable for an hour after the first answer and at most max_feedback_changes times (a phone
// that sends answer after answer fills no log).
inline constexpr std::int32_t feedback_scale = 5;
inline constexpr Millis feedback_window = seconds(60 * 60);
inline constexpr std::int32_t max_feedback_changes = 20;

// A setting held in whole seconds and its sane range, inclusive at both ends.
struct SettingRange {
  std::string_view field;  // the setting's wire name
  std::int32_t Settings::*member;
  std::int32_t min;
  std::int32_t max;

  constexpr bool contains(std::int64_t value) const { return value >= min && value <= max; }
};

// Every ranged setting, as data: the decoder, the core and the published limits all walk this table.
inline constexpr SettingRange setting_ranges[] = {
    {"session_target_s", &Settings::session_target_s, 60, 3600},  // 1 to 60 minutes on the table
    {"call_timeout_s", &Settings::call_timeout_s, 30, 1800},      // 30 s to 30 minutes to walk over
    {"changeover_s", &Settings::changeover_s, 0, 900},            // 0 skips the couch wipe; at most 15 minutes
};

// The row of `field`, or nullptr when the setting has no numeric range.
constexpr SettingRange const* setting_range(std::string_view field) {
  for (auto const& range : setting_ranges)
    if (range.field == field) return &range;
  return nullptr;
}

}  // namespace tent
