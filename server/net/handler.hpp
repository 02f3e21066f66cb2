#pragma once
// The seam between the transport and the application: the transport turns bytes into calls on a
// Handler and never interprets requests or frames itself.

#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace tent::net {

namespace beast = boost::beast;
namespace http = beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
// A file on disk as the body: the transport writes it as the socket takes it, never reading it
// into memory whole (the pages and their libraries).
using FileResponse = http::response<http::file_body>;
// What the application answers a request with: a response built in memory, or a file.
using Answer = std::variant<Response, FileResponse>;
using Respond = std::function<void(Answer)>;

class WsSession;

// Implemented by the application. All calls happen on the application's io_context thread (see
// server.hpp), whichever thread the connection lives on. The transport sets
// the response's version and keep-alive from the request, fills Content-Length if it is missing,
// and answers HEAD with the header alone.
// An exception thrown by handle() becomes a 500 JSON response; one thrown by the WebSocket callbacks
// disconnects that session.
struct Handler {
  virtual ~Handler() = default;
  // Every HTTP request that is not a WebSocket upgrade to a path accepted by accepts_websocket.
  virtual Answer handle(Request const& req, std::string const& remote_ip) = 0;
  // The transport calls this one. It may answer later, after slow work off the io_context's thread
  // (a PIN check): it must call respond exactly once, on the io_context's thread; `req` stays valid
  // and the connection waits until then. By default it answers at once with handle().
  virtual void handle_async(Request const& req, std::string const& remote_ip, Respond respond) {
    respond(handle(req, remote_ip));
  }
  // Whether an upgrade request for this target (e.g. "/ws?since=5") is accepted; if not, 404 JSON.
  virtual bool accepts_websocket(Request const& req) = 0;
  // Called once the WebSocket handshake completed; the app sends its first frame(s) via s->send.
  virtual void on_open(std::shared_ptr<WsSession> const& s, Request const& upgrade_req) = 0;
  virtual void on_message(std::shared_ptr<WsSession> const& s, std::string&& text) = 0;
  virtual void on_close(WsSession& s) = 0;  // exactly once per opened session
};

}  // namespace tent::net
