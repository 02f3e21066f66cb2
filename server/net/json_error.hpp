#pragma once
// The one shape of every error response the server sends: {"error":{"code":...,"message":...}}.

#include "net/handler.hpp"

#include <string_view>

namespace tent::net {

// `code` is a stable machine-readable token (e.g. "body_too_large"); `message` is for humans.
Response json_error(http::status status, std::string_view code, std::string_view message, unsigned version,
                    bool keep_alive);

}  // namespace tent::net
