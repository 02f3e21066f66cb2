#pragma once
// One WebSocket connection after an accepted upgrade. Incoming text messages go to
// Handler::on_message; outgoing messages are pre-framed shared buffers (Message) written through the
// session's WsWire, the one ordered write path that also carries Beast's own frames: a message goes
// out at once with one send() when nothing is queued, and only what the socket does not take waits.
//
// Invariants and limits:
// - The send queue (WsWire) holds what the socket has not taken yet: at most
//   Options::ws_send_queue_max entries and Options::ws_send_bytes_max bytes (a message sent into an
//   empty queue is accepted whatever its size). send() beyond either disconnects the session at once
//   (socket closed, unsent messages dropped): a client that does not read cannot stall the others or
//   grow memory without bound.
// - Binary frames from the client close the session with code 1008 (policy error); messages over
//   Options::ws_read_message_max close it with 1009 (too big).
// - Handler::on_close is called exactly once for every session whose on_open was called, when its
//   read loop ends; never from inside send() or close().
// - All of it runs on the socket's executor.

#include "net/connection.hpp"
#include "net/context.hpp"
#include "net/handler.hpp"
#include "net/message.hpp"
#include "net/ws_wire.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tent::net {

class WsSession : public Connection, public std::enable_shared_from_this<WsSession> {
public:
  WsSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Context> context, std::string remote_ip,
            Admission::Ticket ticket = {});
  ~WsSession() override;
  WsSession(WsSession const&) = delete;
  WsSession& operator=(WsSession const&) = delete;

  // Completes the handshake for this upgrade request, then calls Handler::on_open.
  void run(Request&& upgrade);

  // Sends a text message (now, or after what is queued). Ignored unless the session is open and
  // close() has not been called. Returns the message's number (1 for the session's first, then 2, ...),
  // or 0 if it will not be sent. Call it on the session's executor.
  std::uint64_t send(Message frame);
  // Sends the messages already queued, then closes with code 1000 (normal). Later sends are ignored.
  void close();

  std::string const& remote_ip() const { return remote_ip_; }
  // Unique among all sessions of this process; never reused.
  std::uint64_t id() const { return id_; }
  // Frames waiting to be written, including a partly written one.
  std::size_t queued() const { return wire().queued(); }
  // Bytes of the frames waiting to be written, including a partly written one.
  std::size_t queued_bytes() const { return wire().queued_bytes(); }
  // True once message number n (from send()) has been written to the socket, or will never be.
  bool done_with(std::uint64_t n) const { return n <= wire().written() || state_ == State::closed; }
  // True between the completed handshake and close() or disconnection.
  bool is_open() const { return state_ == State::open; }

  // Connection: disconnects without a close handshake (used by Server::stop and on overflow).
  void shutdown() noexcept override;

private:
  enum class State { handshaking, open, closing, closed };

  void on_accept(beast::error_code ec);
  void do_read();
  void on_read_start(beast::error_code ec, std::size_t bytes);
  void on_read(beast::error_code ec, std::size_t bytes);
  void deliver(std::string&& text);
  void begin_close(beast::websocket::close_reason reason);
  void on_close(beast::error_code ec);
  void disconnect() noexcept;
  WsWire& wire() { return ws_.next_layer(); }
  WsWire const& wire() const { return ws_.next_layer(); }

  beast::websocket::stream<WsWire> ws_;
  beast::flat_buffer buffer_;  // one message; empty between messages
  std::uint64_t sent_ = 0;  // messages ever accepted by send()
  std::shared_ptr<Context> context_;
  std::string remote_ip_;
  Admission::Ticket ticket_;  // this connection's place under the caps
  std::uint64_t id_;
  std::unique_ptr<Request> upgrade_;  // alive until the handshake completes
  State state_ = State::handshaking;
  bool owes_on_close_ = false;  // on_open was called and on_close not yet
};

}  // namespace tent::net
