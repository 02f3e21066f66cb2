#pragma once
// The one shape of every error the server sends, over HTTP or in a WebSocket reply:
// {"error":{"code":...,"message":...}}. Written here, in the transport, because both the
// transport's own refusals (413, 431, 503…) and the application's (app/reply.hpp, which may add
// fields beside "error") use it, and the application may include the transport but not the reverse.

#include "net/handler.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace tent::net {

// `code` is a stable machine-readable token (e.g. "body_too_large"); `message` is for humans.
nlohmann::json error_body(std::string_view code, std::string_view message);

// An error response with that body, never cached.

Response json_error(http::status status, std::string_view code, std::string_view message, unsigned version,
                    bool keep_alive);

}  // namespace tent::net
