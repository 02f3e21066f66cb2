#pragma once
// Typed, checked access to the fields of one untrusted JSON params object.
//
// Rules, the same for every op:
//   - a field that is absent or null is "not given": optional fields take their default and
//     required ones refuse with missing_field;
//   - a field of the wrong JSON type refuses with invalid_field naming the field (no coercion:
//     "3" is not a table id, 3.0 is not a whole number);
//   - fields the op does not read are ignored (routes may merge path parameters in).
// A refusal is thrown as Refusal and caught by decode(), the only caller, so no exception ever
// leaves the decoder; the throw keeps each op's decoding a straight list of field reads.

#include "core/types.hpp"
#include "protocol/errors.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tent::protocol {

struct Refusal {
  WireError error;
};

class Params {
public:
  // `object` must be a JSON object and must outlive the Params.
  explicit Params(nlohmann::json const& object) : object_(object) {}

  nlohmann::json const& object() const { return object_; }

  // The field, or nullptr when it is absent or null.
  nlohmann::json const* find(std::string_view key) const;
  nlohmann::json const& required(std::string_view key) const;

  std::string string(std::string_view key) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  bool boolean(std::string_view key, bool fallback) const;
  std::optional<bool> optional_boolean(std::string_view key) const;
  std::int64_t integer(std::string_view key) const;
  std::optional<std::int64_t> optional_integer(std::string_view key) const;

  // A bib string, normalised; invalid_bib when it is not 1..8 letters or digits.
  Bib bib(std::string_view key = "bib") const;
  std::optional<Bib> optional_bib(std::string_view key = "bib") const;
  // A positive table id that fits a TableId.
  TableId table(std::string_view key = "table") const;
  // A trimmed name (see clean_name); invalid_name when empty (unless allowed) or too long.
  std::string name(std::string_view key, bool allow_empty = false) const;

private:
  nlohmann::json const& object_;
};

// Shared checks for values already pulled out of a Params.
std::int64_t as_integer(nlohmann::json const& value, std::string_view field);
std::string as_string(nlohmann::json const& value, std::string_view field);
bool as_boolean(nlohmann::json const& value, std::string_view field);

}  // namespace tent::protocol
