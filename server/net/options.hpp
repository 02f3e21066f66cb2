#pragma once
// Limits of the transport. Every bound exists so that one misbehaving client costs a bounded amount
// of memory and time and can never stall the others.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tent::net {

struct Options {
  // Largest HTTP request body; a bigger one gets 413 and the connection is closed.
  std::uint64_t body_limit = 1024 * 1024;
  // Largest HTTP request line plus headers; a bigger one gets 431 and the connection is closed.
  std::uint32_t header_limit = 8 * 1024;
  // Time allowed to read one whole HTTP request (and to write one response); also the keep-alive
  // idle limit between requests.
  std::chrono::milliseconds http_timeout = std::chrono::seconds(30);
  // Largest incoming WebSocket message; a bigger one closes the session.
  std::size_t ws_read_message_max = 64 * 1024;
  // Frames a WebSocket session may hold unsent (including the one being written). A session asked to
  // hold more is disconnected: its client is not reading fast enough to follow the broadcast.
  std::size_t ws_send_queue_max = 1024;
};

}  // namespace tent::net
