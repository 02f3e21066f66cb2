#include "net/json_error.hpp"

namespace tent::net {

nlohmann::json error_body(std::string_view code, std::string_view message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

Response json_error(http::status status, std::string_view code, std::string_view message, unsigned version,
                    bool keep_alive) {
  auto const body = error_body(code, message);
  Response res{status, version};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  // Invalid UTF-8 in a message (e.g. an echoed path) is replaced rather than thrown.
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace tent::net
