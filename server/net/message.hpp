#pragma once
// One outgoing WebSocket text message as the bytes of its frame on the wire: an unmasked FIN text
// frame header (7-, 16- or 64-bit payload length, RFC 6455 section 5.2) followed by the payload.
// Server frames are never masked, so the same bytes suit every client: a broadcast frames its
// payload once and every session it goes to shares the one immutable buffer.

#include <cstddef>
#include <memory>
#include <string_view>

namespace tent::net {

class Message {
public:
  // No message; send() ignores it.
  Message() = default;
  // Frames `payload` (which must be UTF-8 text; it is not checked) into a new shared buffer.
  static Message text(std::string_view payload);

  explicit operator bool() const { return bytes_ != nullptr; }
  // The whole frame: header and payload.
  std::string_view bytes() const { return {bytes_.get(), size_}; }
  std::string_view payload() const { return bytes().substr(header_); }
  // Bytes on the wire.
  std::size_t size() const { return size_; }
  // The buffer itself, for a writer that must keep it alive until it is written.
  std::shared_ptr<char const []> const& buffer() const { return bytes_; }

  private : std::shared_ptr<char const[]> bytes_;
  std::size_t size_ = 0;
  unsigned char header_ = 0;
};

}  // namespace tent::net
