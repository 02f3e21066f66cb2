#include "net/message.hpp"

#include <cstdint>
#include <cstring>
#include <utility>

namespace tent::net {

Message Message::text(std::string_view payload) {
  std::uint64_t const n = payload.size();
  unsigned char header[10];
  std::size_t used = 2;
  header[0] = 0x81;  // FIN, opcode 1 (text)
  if (n < 126) {
    header[1] = static_cast<unsigned char>(n);
  } else if (n <= 0xffff) {
    header[1] = 126;
    header[2] = static_cast<unsigned char>(n >> 8);
    header[3] = static_cast<unsigned char>(n);
    used = 4;
  } else {
    header[1] = 127;
    for (int i = 0; i < 8; ++i) header[2 + i] = static_cast<unsigned char>(n >> (56 - 8 * i));
    used = 10;
  }
  auto bytes = std::make_shared_for_overwrite<char[]>(used + payload.size());
  std::memcpy(bytes.get(), header, used);
  if (!payload.empty()) std::memcpy(bytes.get() + used, payload.data(), payload.size());
  Message m;
  m.size_ = used + payload.size();
  m.header_ = static_cast<unsigned char>(used);
  m.bytes_ = std::move(bytes);
  return m;
}

}  // namespace tent::net
