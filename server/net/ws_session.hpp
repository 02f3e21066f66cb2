#pragma once
// One WebSocket connection after an accepted upgrade. Incoming text messages go to
// Handler::on_message; outgoing frames are queued shared buffers with one write in flight, so a
// broadcast to thousands of sessions serialises once and copies nothing.
//
// Invariants and limits:
// - A write is in flight exactly when the send queue is non-empty; its frame is the queue's front.
// - The queue holds at most Options::ws_send_queue_max frames and Options::ws_send_bytes_max bytes
//   (a frame sent into an empty queue is accepted whatever its size). send() beyond either disconnects
//   the session at once (socket closed, unsent frames dropped): a client that does not read cannot
//   stall the others or grow memory without bound.
// - Binary frames from the client close the session with code 1008 (policy error); messages over
//   Options::ws_read_message_max close it with 1009 (too big).
// - Handler::on_close is called exactly once for every session whose on_open was called, when its
//   read loop ends; never from inside send() or close().

#include "net/connection.hpp"
#include "net/context.hpp"
#include "net/handler.hpp"
#include "net/message.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
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

  // Queues a text frame. Ignored unless the session is open and close() has not been called.
  // Returns the frame's number (1 for the session's first frame, then 2, ...), or 0 if not queued.
  std::uint64_t send(Message frame);
  // Sends the frames already queued, then closes with code 1000 (normal). Later sends are ignored.
  void close();

  std::string const& remote_ip() const { return remote_ip_; }
  // Unique among all sessions of this process; never reused.
  std::uint64_t id() const { return id_; }
  // Frames waiting to be written, including the one being written.
  std::size_t queued() const { return queue_.size(); }
  // Bytes of the frames waiting to be written, including the one being written.
  std::size_t queued_bytes() const { return queued_bytes_; }
  // True once frame number n (from send()) has been written to the socket, or will never be.
  bool done_with(std::uint64_t n) const { return n <= written_ || state_ == State::closed; }
  // True between the completed handshake and close() or disconnection.
  bool is_open() const { return state_ == State::open; }

  // Connection: disconnects without a close handshake (used by Server::stop and on overflow).
  void shutdown() noexcept override;

private:
  enum class State { handshaking, open, closing, closed };

  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void deliver(std::string&& text);
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);
  void begin_close(beast::websocket::close_reason reason);
  void do_close();
  void on_close(beast::error_code ec);
  void drop_unsent() noexcept;
  void disconnect() noexcept;

  beast::websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<Message> queue_;
  std::size_t queued_bytes_ = 0;  // sum of the sizes of queue_'s frames
  std::uint64_t sent_ = 0;        // frames ever queued
  std::uint64_t written_ = 0;     // frames ever written; the queue holds frames written_+1..sent_
  std::shared_ptr<Context> context_;
  std::string remote_ip_;
  Admission::Ticket ticket_;  // this connection's place under the caps
  std::uint64_t id_;
  Request upgrade_;  // alive until the handshake completes
  beast::websocket::close_reason close_reason_;
  State state_ = State::handshaking;
  bool owes_on_close_ = false;  // on_open was called and on_close not yet
};

}  // namespace tent::net
