#include "protocol/decode_organiser.hpp"

#include "core/limits.hpp"
#include "protocol/names.hpp"
#include "protocol/text.hpp"

#include <algorithm>
#include <set>

namespace tent::protocol {

namespace {

std::int32_t seconds_setting(nlohmann::json const& value, SettingRange const& range) {
  std::int64_t const s = as_integer(value, range.field);
  if (!range.contains(s)) {
    throw Refusal{wire_error(Error::invalid_setting, std::string(range.field) + " must be " +
                                                         std::to_string(range.min) + ".." + std::to_string(range.max) +
                                                         " seconds")};
  }
  return static_cast<std::int32_t>(s);
}

// A roster category as a setting: trimmed, 0..40 characters.
std::string category_setting(nlohmann::json const& value, std::string_view field, bool allow_empty) {
  auto category = clean_name(as_string(value, field), allow_empty);
  if (!category) {
    throw Refusal{wire_error(Error::invalid_setting, std::string(field) + " must be " + (allow_empty ? "0" : "1") +
                                                         " to " + std::to_string(max_name_length) + " characters")};
  }
  return std::move(*category);
}

std::vector<std::string> refused_categories(nlohmann::json const& value) {
  constexpr std::string_view field = "refused_categories";
  if (!value.is_array()) throw Refusal{invalid_field(field, "a list of category names")};
  std::vector<std::string> categories;
  for (auto const& item : value) {
    std::string category = category_setting(item, field, /*allow_empty=*/false);
    if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
      categories.push_back(std::move(category));
    }
  }
  if (categories.size() > max_refused_categories) {
    throw Refusal{wire_error(Error::invalid_setting, "refused_categories may list at most " +
                                                         std::to_string(max_refused_categories) + " categories")};
  }
  return categories;
}

std::string roster_field(nlohmann::json const& row, char const* key, std::string const& where) {
  auto const it = row.find(key);
  if (it == row.end() || it->is_null()) return {};
  if (!it->is_string()) throw Refusal{wire_error(Error::invalid_roster, where + "." + key + " must be text")};
  auto value = clean_name(it->get_ref<std::string const&>(), /*allow_empty=*/true);
  if (!value) {
    throw Refusal{wire_error(Error::invalid_roster,
                             where + "." + key + " is over " + std::to_string(max_name_length) + " characters")};
  }
  return std::move(*value);
}

// Trimmed text shown to runners (announcement, directions): line breaks allowed, no other control.
std::string plain_text(std::string const& raw, std::string_view field) {
  std::string_view const text = trim(raw);
  if (text_length(text) > max_text_length) throw Refusal{wire_error(Error::text_too_long, field)};
  if (has_control(text, /*allow_newline=*/true)) {
    throw Refusal{invalid_field(field, "at most " + std::to_string(max_text_length) + " characters of plain text")};
  }
  return std::string(text);
}

}  // namespace

cmd::UpdateSettings decode_settings(Params const& params, Settings const& current) {
  Settings s = current;
  // Walk the given fields, not the known ones, so that an unknown field is refused.
  for (auto const& [key, value] : params.object().items()) {
    if (key == "closing_at") {
      if (value.is_null()) {
        s.closing_at.reset();
      } else {
        std::int64_t const at = as_integer(value, key);
        if (at < 0) throw Refusal{wire_error(Error::invalid_setting, "closing_at must be a time or null")};
        s.closing_at = at;
      }
      continue;
    }
    bool const known = setting_range(key) != nullptr || key == "tent_name" || key == "auto_assign" ||
                       key == "no_show_policy" || key == "allow_repeats" || key == "roster_required" ||
                       key == "priority_category" || key == "refused_categories" || key == "medical_directions";
    if (!known) throw Refusal{invalid_field(key, "a known setting")};
    if (value.is_null()) continue;  // null keeps the current value

    if (auto const* range = setting_range(key)) {
      s.*range->member = seconds_setting(value, *range);
    } else if (key == "tent_name") {
      s.tent_name = params.name(key);
    } else if (key == "auto_assign") {
      s.auto_assign = as_boolean(value, key);
    } else if (key == "no_show_policy") {
      s.no_show_policy = parse<NoShowPolicy>(as_string(value, key));
      if (s.no_show_policy == NoShowPolicy::invalid) {
        throw Refusal{wire_error(Error::invalid_setting, "no_show_policy must be requeue_once or drop")};
      }
    } else if (key == "allow_repeats") {
      s.allow_repeats = as_boolean(value, key);
    } else if (key == "roster_required") {
      s.roster_required = as_boolean(value, key);
    } else if (key == "priority_category") {
      s.priority_category = category_setting(value, key, /*allow_empty=*/true);
    } else if (key == "medical_directions") {
      s.medical_directions = plain_text(as_string(value, key), key);
    } else {
      s.refused_categories = refused_categories(value);
    }
  }
  return {std::move(s)};
}

cmd::LoadRoster decode_roster(Params const& params) {
  auto const& entries = params.required("entries");
  if (!entries.is_array()) throw Refusal{invalid_field("entries", "a list of runners")};
  cmd::LoadRoster roster;
  roster.entries.reserve(entries.size());
  std::set<Bib> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto const& row = entries[i];
    std::string const where = "entries[" + std::to_string(i) + "]";
    if (!row.is_object()) throw Refusal{wire_error(Error::invalid_roster, where + " must be an object")};
    auto const bib_field = row.find("bib");
    std::optional<Bib> bib;
    if (bib_field != row.end() && bib_field->is_string()) bib = normalise_bib(bib_field->get_ref<std::string const&>());
    if (!bib) throw Refusal{wire_error(Error::invalid_roster, where + ".bib is not a valid bib")};
    if (!seen.insert(*bib).second) {
      throw Refusal{wire_error(Error::invalid_roster, where + ": bib " + *bib + " appears twice")};
    }
    RosterEntry entry;
    entry.first_name = roster_field(row, "first_name", where);
    entry.last_name = roster_field(row, "last_name", where);
    entry.category = roster_field(row, "category", where);
    entry.bib = std::move(*bib);
    roster.entries.push_back(std::move(entry));
  }
  return roster;
}

cmd::Announce decode_announce(Params const& params) {
  cmd::Announce c{plain_text(params.string("text"), "text"), {}};
  auto const* given = params.find("translations");
  if (given == nullptr) return c;
  if (!given->is_object()) throw Refusal{invalid_field("translations", "an object of language code to text")};
  if (given->size() > max_announcement_languages) throw Refusal{wire_error(Error::invalid_language, "translations")};
  for (auto const& [code, value] : given->items()) {
    std::string const field = "translations." + code;
    if (!valid_language_code(code)) throw Refusal{wire_error(Error::invalid_language, field)};
    auto text = plain_text(as_string(value, field), field);
    if (!text.empty()) c.translations.emplace(code, std::move(text));  // a blank field means none
  }
  return c;
}

cmd::CreateTent decode_tent_create(Params const& params) { return {params.string("id"), params.name("name")}; }

}  // namespace tent::protocol
