#include "protocol/params.hpp"

#include "core/limits.hpp"
#include "protocol/text.hpp"

#include <limits>

namespace tent::protocol {

std::int64_t as_integer(nlohmann::json const& value, std::string_view field) {
  if (value.is_number_unsigned()) {
    auto const u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw Refusal{invalid_field(field, "a whole number in range")};
    }
    return static_cast<std::int64_t>(u);
  }
  if (!value.is_number_integer()) throw Refusal{invalid_field(field, "a whole number")};
  return value.get<std::int64_t>();
}

std::string as_string(nlohmann::json const& value, std::string_view field) {
  if (!value.is_string()) throw Refusal{invalid_field(field, "text")};
  return value.get<std::string>();
}

bool as_boolean(nlohmann::json const& value, std::string_view field) {
  if (!value.is_boolean()) throw Refusal{invalid_field(field, "true or false")};
  return value.get<bool>();
}

nlohmann::json const* Params::find(std::string_view key) const {
  auto const it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

nlohmann::json const& Params::required(std::string_view key) const {
  auto const* value = find(key);
  if (value == nullptr) throw Refusal{missing_field(key)};
  return *value;
}

std::string Params::string(std::string_view key) const { return as_string(required(key), key); }

std::optional<std::string> Params::optional_string(std::string_view key) const {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  return as_string(*value, key);
}

bool Params::boolean(std::string_view key, bool fallback) const { return optional_boolean(key).value_or(fallback); }

std::optional<bool> Params::optional_boolean(std::string_view key) const {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  return as_boolean(*value, key);
}

std::int64_t Params::integer(std::string_view key) const { return as_integer(required(key), key); }

std::optional<std::int64_t> Params::optional_integer(std::string_view key) const {
  auto const* value = find(key);
  if (value == nullptr) return std::nullopt;
  return as_integer(*value, key);
}

Bib Params::bib(std::string_view key) const {
  auto bib = normalise_bib(string(key));
  if (!bib) throw Refusal{wire_error(Error::invalid_bib)};
  return std::move(*bib);
}

std::optional<Bib> Params::optional_bib(std::string_view key) const {
  if (find(key) == nullptr) return std::nullopt;
  return bib(key);
}

TableId Params::table(std::string_view key) const {
  std::int64_t const id = integer(key);
  if (id < 1 || id > std::numeric_limits<TableId>::max()) {
    throw Refusal{invalid_field(key, "a table number (1 or more)")};
  }
  return static_cast<TableId>(id);
}

std::string Params::name(std::string_view key, bool allow_empty) const {
  auto name = clean_name(string(key), allow_empty);
  if (!name) {
    auto refusal = wire_error(Error::invalid_name);
    refusal.message = "The field '" + std::string(key) + "' must be one line of " + (allow_empty ? "0" : "1") + " to " +
                      std::to_string(max_name_length) + " characters.";
    throw Refusal{std::move(refusal)};
  }
  return std::move(*name);
}

}  // namespace tent::protocol
