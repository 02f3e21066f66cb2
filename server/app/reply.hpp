#pragma once
// One envelope for REST and WebSocket: what the server answers to a request, whichever way it
// came. A Reply is an HTTP-like status and a JSON body; over HTTP it is the response
// (http_response), on a WebSocket a reply frame {"type":"reply","id","status","body"}
// (reply_frame). A refusal's body is {"error":{"code","message"}} (net::error_body, the one place
// that shape is written), with more fields beside "error" where a refusal carries them.

#include "net/handler.hpp"
#include "protocol/errors.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tent::app {

struct Reply {
  Reply() = default;
  Reply(int status_, nlohmann::json body_, std::string content_type_ = {})
      : status(status_), body(std::move(body_)), content_type(std::move(content_type_)) {}

  int status = 200;
  nlohmann::json body;       // a JSON string body is sent as text: the sessions CSV (the export) unless...
  std::string content_type;  // ...this names its type (the metrics' text format); REST only
};

// A wire error as a reply.
Reply error_reply(protocol::WireError const& e);

// The REST response: JSON (or the export's CSV, or a text of its own type), never cached; a 429 says
// when to retry.
net::Response http_response(Reply const& reply);

// The WebSocket reply to the frame with this id.
std::string reply_frame(nlohmann::json const& id, Reply const& reply);

}  // namespace tent::app
