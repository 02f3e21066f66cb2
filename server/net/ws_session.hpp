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
//
// Threads: the session lives on its shard's io_context (see shard.hpp) and its socket, wire and
// queue are touched only there. The Handler's callbacks are posted to the application's thread; the
// application's calls (send, close, shutdown, is_open, done_with, id, remote_ip) are safe from there:
// send and close go through the shard, in order, after any broadcast already submitted to it.

#include "net/connection.hpp"
#include "net/context.hpp"
#include "net/handler.hpp"
#include "net/message.hpp"
#include "net/shard.hpp"
#include "net/ws_wire.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
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

  // From the application's thread: sends a text message after everything sent or broadcast to this
  // session before. Ignored unless the session is open and close() has not been called. Returns the
  // number of this send (1 for the application's first, then 2, ...), or 0 if it was ignored.
  std::uint64_t send(Message frame);
  // From the application's thread: sends the messages already queued, then closes with code 1000
  // (normal). Later sends are ignored.
  void close();
  // On the shard's thread (a broadcast): sends a message now, or after what is queued.
  void write(Message const& frame) { enqueue(frame, 0); }
  Shard& shard() const { return shard_; }

  std::string const& remote_ip() const { return remote_ip_; }
  // Unique among all sessions of this process; never reused.
  std::uint64_t id() const { return id_; }
  // On the shard's thread: frames waiting to be written, including a partly written one.
  std::size_t queued() const { return wire().queued(); }
  // On the shard's thread: bytes of the frames waiting to be written, including a partly written one.
  std::size_t queued_bytes() const { return wire().queued_bytes(); }
  // True once send number n has been written to the socket, or will never be.
  bool done_with(std::uint64_t n) const { return n <= wire().written() || state_.load() == State::closed; }
  // True between the completed handshake and close() or disconnection.
  bool is_open() const { return state_.load() == State::open; }

  // Connection: disconnects without a close handshake (used by Server::stop and on overflow), on the
  // session's own thread.
  void shutdown() noexcept override;

private:
  enum class State { handshaking, open, closing, closed };

  void on_accept(beast::error_code ec);
  void do_read();
  void on_read_start(beast::error_code ec, std::size_t bytes);
  void on_read(beast::error_code ec, std::size_t bytes);
  void deliver(std::string&& text);
  // On the shard's thread: writes frame, numbered for done_with (0: a broadcast, not numbered).
  void enqueue(Message const& frame, std::uint64_t number);
  void begin_close(beast::websocket::close_reason reason);
  void on_close(beast::error_code ec);
  void disconnect() noexcept;
  WsWire& wire() { return ws_.next_layer(); }
  WsWire const& wire() const { return ws_.next_layer(); }

  beast::websocket::stream<WsWire> ws_;
  beast::flat_buffer buffer_;  // one message; empty between messages
  std::uint64_t sent_ = 0;     // send() calls numbered (application's thread)
  std::shared_ptr<Context> context_;
  std::string remote_ip_;
  Admission::Ticket ticket_;  // this connection's place under the caps
  std::uint64_t id_;
  Shard& shard_;  // the shard whose io_context runs this session
  // Keeps the application's io_context running while this session may still post to it (on_close).
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> app_work_;
  std::unique_ptr<Request> upgrade_;              // alive until the handshake completes
  std::atomic<State> state_{State::handshaking};  // written on the shard's thread only
  bool owes_on_close_ = false;                    // on_open was called and on_close not yet
};

}  // namespace tent::net
