#pragma once
// What a refused request looks like on the wire: an HTTP status, a stable snake_case code that
// clients switch on, and a message a tired runner or a busy volunteer can read as it is.
// REST replies use `status`; WebSocket replies carry the same code and message. The JSON shape of
// a refusal is the application's envelope (app/reply.hpp), not this layer's.

#include "core/types.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tent::protocol {

struct WireError {
  int status = 500;
  std::string code;
  std::string message;

  bool operator==(WireError const&) const = default;
};

// The wire form of a core refusal. Error::none is not a refusal; asking for it is a caller's
// bug and gives 500 "internal_error" so it shows.
WireError wire_error(Error error);

// The same, with the message naming what was wrong ("session_target_s must be 60..3600").
WireError wire_error(Error error, std::string_view detail);

// Decoder refusals. Anything echoed from the request (an op, a field name, a detail) is cut to
// printable ASCII and 40 characters (120 for a detail), so a message is always safe to serialise and to show.
// `expected` is the server's own wording ("a whole number of seconds") and is not cut.
WireError bad_json(std::string_view detail = {});                            // 400 bad_json
WireError unknown_op(std::string_view op);                                   // 400 unknown_op
WireError missing_field(std::string_view field);                             // 422 missing_field
WireError invalid_field(std::string_view field, std::string_view expected);  // 422 invalid_field

// Store refusals (503): nothing was saved. storage_unavailable: the database file was deleted or
// replaced while the server ran; storage_full: the disk is full.
// 404 unknown_tent: an address or op for a tent the event does not have.
WireError unknown_tent(std::string_view id);
// 409 waiting_elsewhere, naming the tent where the bib is in line.
WireError waiting_elsewhere(std::string_view bib, std::string_view tent_name);
WireError storage_unavailable();
WireError storage_full();

// Parses a request body or frame. The size check comes first because the JSON library has no
// size or depth limit of its own. nullopt when the text is over max_bytes or is not JSON.
std::optional<nlohmann::json> parse_body(std::string_view text, std::size_t max_bytes);

}  // namespace tent::protocol
