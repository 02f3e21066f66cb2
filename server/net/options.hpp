#pragma once
// Limits of the transport. Every bound exists so that one misbehaving client costs a bounded amount
// of memory and time and can never stall the others.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tent::net {

// The largest request a client may send: an HTTP body (a roster CSV of tens of thousands of
// runners fits), and a WebSocket message (an op's params; kept small because every socket of a
// crowd may be reading one at once). The transport refuses bigger ones; the application checks the
// same bounds before it parses, for what reaches it by another way (Handler::handle, the CLI).
inline constexpr std::uint64_t max_body_bytes = 1024 * 1024;
inline constexpr std::size_t max_message_bytes = 64 * 1024;

struct Options {
  // Largest HTTP request body; a bigger one gets 413 and the connection is closed.
  std::uint64_t body_limit = max_body_bytes;
  // Largest HTTP request line plus headers; a bigger one gets 431 and the connection is closed.
  std::uint32_t header_limit = 8 * 1024;
  // Time allowed to read one whole HTTP request (and to write one response); also the keep-alive
  // idle limit between requests.
  std::chrono::milliseconds http_timeout = std::chrono::seconds(30);
  // Largest incoming WebSocket message; a bigger one closes the session.
  std::size_t ws_read_message_max = max_message_bytes;
  // Frames a WebSocket session may hold unsent (including the one being written). A session asked to
  // hold more is disconnected: its client is not reading fast enough to follow the broadcast.
  std::size_t ws_send_queue_max = 1024;
  // Bytes a WebSocket session may hold unsent (the frames' sizes, shared buffers counted in full
  // for each session). A frame that would pass it disconnects the session, unless the queue is
  // empty: one frame of any size is always accepted, so a big snapshot can still be sent.
  std::size_t ws_send_bytes_max = 4 * 1024 * 1024;
  // Sessions a broadcast writes to in one go on each socket thread; the thread's other connections
  // (reads, accepts, replies) get their turn between two slices.
  std::size_t ws_broadcast_slice = 256;
  // Open TCP connections (HTTP and WebSocket) in total and from one client address; a connection
  // over a cap gets 503 too_many_connections and is closed at once. Loopback clients are exempt from
  // the per-address cap when loopback_exempt is set (a benchmark on the server's own machine).
  std::size_t max_connections = 20'000;
  std::size_t max_connections_per_address = 200;
  bool loopback_exempt = true;
};

}  // namespace tent::net
