#include "net/ws_wire.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/uio.h>

namespace tent::net {

namespace {

constexpr int send_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
// iovecs per gather write (the kernel takes up to IOV_MAX = 1024); more entries take more calls.
constexpr std::size_t gather_max = 256;

bool would_block(int e) { return e == EAGAIN || e == EWOULDBLOCK; }

}  // namespace

void WsWire::write(Message const& m, std::uint64_t number) {
  if (error_ || !m) return;
  auto const bytes = m.bytes();
  std::size_t const sent = send_now(bytes.data(), bytes.size());
  if (error_) return;
  if (sent == bytes.size()) {
    if (number != 0) written_ = number;
    return;
  }
  enqueue({m.buffer(), bytes.size(), number}, sent);
}

void WsWire::write_copy(char const* data, std::size_t size) {
  std::size_t const sent = send_now(data, size);
  if (error_ || sent == size) return;
  auto copy = std::make_shared_for_overwrite<char[]>(size - sent);
  std::memcpy(copy.get(), data + sent, size - sent);
  enqueue({std::move(copy), size - sent, 0, true}, 0);
}

std::size_t WsWire::send_now(char const* data, std::size_t size) {
  if (!queue_.empty() || size == 0) return 0;
  for (;;) {
    auto const n = ::send(socket_.native_handle(), data, size, send_flags);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (!would_block(errno)) fail({errno, boost::system::system_category()});
    return 0;
  }
}

void WsWire::enqueue(Chunk chunk, std::size_t sent) {
  if (queue_.empty()) offset_ = sent;
  queued_bytes_ += chunk.size;
  queue_.push_back(std::move(chunk));
  wait_writable();
}

void WsWire::wait_writable() {
  if (waiting_ || error_) return;
  waiting_ = true;
  socket_.async_wait(socket_type::wait_write, [this, keep = owner_.lock()](beast::error_code ec) {
    waiting_ = false;
    if (ec) return fail(ec);
    flush();
  });
}

void WsWire::flush() {
  std::size_t done = 0;  // entries written in full
  while (done < queue_.size()) {
    std::array<iovec, gather_max> iov;
    std::size_t const count = std::min(gather_max, queue_.size() - done);
    std::size_t want = 0;
    for (std::size_t i = 0; i < count; ++i) {
      auto const& c = queue_[done + i];
      std::size_t const skip = i == 0 ? offset_ : 0;
      iov[i] = {const_cast<char*>(c.data.get()) + skip, c.size - skip};
      want += c.size - skip;
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    auto const n = ::sendmsg(socket_.native_handle(), &msg, send_flags);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (!would_block(errno)) fail({errno, boost::system::system_category()});
      break;
    }
    // Walk the written bytes over the entries.
    auto left = static_cast<std::size_t>(n);
    while (left > 0) {
      auto& c = queue_[done];
      std::size_t const rest = c.size - offset_;
      if (left < rest) {
        offset_ += left;
        break;
      }
      left -= rest;
      offset_ = 0;
      if (c.number != 0) written_ = c.number;
      queued_bytes_ -= c.size;
      ++done;
    }
    if (static_cast<std::size_t>(n) < want) break;  // the socket buffer is full
  }
  if (error_) return;
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(done));
  if (!queue_.empty()) return wait_writable();
  if (flushed_) boost::asio::post(socket_.get_executor(), [f = std::exchange(flushed_, {})] { f({}); });
}

void WsWire::when_flushed(std::function<void(beast::error_code)> done) {
  if (error_ || queue_.empty()) {
    boost::asio::post(socket_.get_executor(), [done = std::move(done), ec = error_] { done(ec); });
    return;
  }
  flushed_ = std::move(done);
}

void WsWire::drop_unsent() noexcept {
  std::size_t const keep_front = offset_ > 0 ? 1 : 0;
  auto const unsent = [](Chunk const& c) { return !c.beast; };
  auto const first = queue_.begin() + static_cast<std::ptrdiff_t>(std::min(keep_front, queue_.size()));
  for (auto it = first; it != queue_.end(); ++it)
    if (unsent(*it)) queued_bytes_ -= it->size;
  queue_.erase(std::remove_if(first, queue_.end(), unsent), queue_.end());
}

void WsWire::close() noexcept {
  beast::error_code ignored;
  socket_.close(ignored);
}

void WsWire::fail(beast::error_code ec) noexcept {
  if (!error_) error_ = ec;
  queue_.clear();
  offset_ = 0;
  queued_bytes_ = 0;
  close();
  if (flushed_) boost::asio::post(socket_.get_executor(), [f = std::exchange(flushed_, {}), ec = error_] { f(ec); });
}

}  // namespace tent::net
