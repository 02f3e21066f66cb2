#pragma once
// The stream under a session's websocket::stream: the TCP socket plus the one ordered queue through
// which every byte after the upgrade request leaves, whether a pre-framed Message of ours or a frame
// Beast writes itself (the handshake response, a pong, the close frame). Nothing is ever written
// around the queue, so two writes can never interleave on the wire.
//
// A write into an empty queue goes out at once with one non-blocking send(): no allocation, no
// completion handler. Only what the kernel does not take is queued (a Message by reference to its
// shared buffer, Beast's bytes as a copy), and once the socket is writable everything queued goes out
// in one gather write, continuing inside a partly written frame.
//
// Beast believes each of its writes complete at once (its handler is posted with the full size):
// its bytes then sit in the queue, behind ours. Its teardown after a close waits until the queue is
// empty (async_teardown below). Everything here runs on the socket's executor.

#include "net/message.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace tent::net {

namespace beast = boost::beast;

class WsWire {
public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;
  using next_layer_type = socket_type;

  explicit WsWire(socket_type&& socket) : socket_(std::move(socket)) {}
  WsWire(WsWire const&) = delete;
  WsWire& operator=(WsWire const&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  socket_type& next_layer() noexcept { return socket_; }
  // The object that owns this wire: a pending wait for writability keeps it alive. Set it first.
  void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

  template <class MutableBuffers, class Token>
  auto async_read_some(MutableBuffers const& buffers, Token&& token) {
    return socket_.async_read_some(buffers, std::forward<Token>(token));
  }

  // Beast's writes: appended to the queue (sent at once if it is empty) and reported complete.
  template <class ConstBuffers, class Token>
  auto async_write_some(ConstBuffers const& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(beast::error_code, std::size_t)>(
        [this](auto handler, ConstBuffers const& bs) {
          std::size_t n = 0;
          for (auto const b : beast::buffers_range_ref(bs)) {
            if (error_) break;
            write_copy(static_cast<char const*>(b.data()), b.size());
            n += b.size();
          }
          auto const ec = error_;
          boost::asio::post(socket_.get_executor(), beast::bind_front_handler(std::move(handler), ec, ec ? 0 : n));
        },
        token, buffers);
  }

  // Writes m, numbered `number` for written() (0: not numbered).
  void write(Message const& m, std::uint64_t number);
  // Calls done once the queue is empty (with no error) or the wire has failed (with the error);
  // never from inside this call.
  void when_flushed(std::function<void(beast::error_code)> done);
  // Forgets the queued Messages not yet begun; a partly written one and Beast's bytes stay.
  void drop_unsent() noexcept;
  // Closes the socket; pending operations complete with operation_aborted.
  void close() noexcept;

  // Entries waiting, including a partly written one.
  std::size_t queued() const { return queue_.size(); }
  // Their sizes in full.
  std::size_t queued_bytes() const { return queued_bytes_; }
  // The number of the last numbered Message written to the socket in full (numbers increase). Safe to
  // read from any thread.
  std::uint64_t written() const { return written_.load(); }
  // Set once a write failed; the socket is then closed.
  beast::error_code error() const { return error_; }

private:
  struct Chunk {
    std::shared_ptr<char const[]> data;
    std::size_t size = 0;
    std::uint64_t number = 0;  // for written(); 0: not numbered
    bool beast = false;        // Beast's own bytes (a pong, the close frame), which drop_unsent keeps
  };

  void write_copy(char const* data, std::size_t size);
  // Sends from `data` at once if nothing is queued; returns the bytes sent (the rest must be queued).
  std::size_t send_now(char const* data, std::size_t size);
  void enqueue(Chunk chunk, std::size_t sent);
  void flush();
  void wait_writable();
  void fail(beast::error_code ec) noexcept;

  socket_type socket_;
  std::weak_ptr<void> owner_;
  std::vector<Chunk> queue_;
  std::size_t offset_ = 0;  // bytes of queue_.front() already written
  std::size_t queued_bytes_ = 0;
  std::atomic<std::uint64_t> written_{0};
  beast::error_code error_;
  bool waiting_ = false;  // an async_wait for writability is pending
  std::function<void(beast::error_code)> flushed_;
};

// Beast's close ends with a teardown of the next layer: first let the queue drain, so the close
// frame (queued last) and everything before it reaches the peer, then the socket's own teardown.
template <class Handler>
void async_teardown(beast::role_type role, WsWire& wire, Handler&& handler) {
  auto h = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(handler));
  wire.when_flushed([role, &wire, h](beast::error_code ec) {
    if (ec) return (*h)(ec);
    beast::websocket::async_teardown(role, wire.next_layer(), std::move(*h));
  });
}

inline void teardown(beast::role_type role, WsWire& wire, beast::error_code& ec) {
  beast::websocket::teardown(role, wire.next_layer(), ec);
}

}  // namespace tent::net
