#include "app/reply.hpp"

#include "net/json_error.hpp"

namespace tent::app {

namespace http = net::http;

Reply error_reply(protocol::WireError const& e) { return {e.status, net::error_body(e.code, e.message)}; }

net::Response http_response(Reply const& reply) {
  net::Response res;
  res.result(static_cast<http::status>(reply.status));
  res.set(http::field::cache_control, "no-store");
  if (reply.body.is_string() && reply.status == 200 && !reply.content_type.empty()) {
    res.set(http::field::content_type, reply.content_type);
    res.body() = reply.body.get<std::string>();
  } else if (reply.body.is_string() && reply.status == 200) {
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"sessions.csv\"");
    res.body() = reply.body.get<std::string>();
  } else {
    res.set(http::field::content_type, "application/json");
    res.body() = reply.body.dump();
  }
  if (reply.status == 429 && reply.body.contains("retry_after_s"))
    res.set(http::field::retry_after, std::to_string(reply.body["retry_after_s"].get<std::int64_t>()));
  return res;
}

std::string reply_frame(nlohmann::json const& id, Reply const& reply) {
  return nlohmann::json{{"type", "reply"}, {"id", id}, {"status", reply.status}, {"body", reply.body}}.dump();
}

}  // namespace tent::app
