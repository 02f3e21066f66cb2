#pragma once
// One thread's share of the WebSocket sessions. A session lives on one shard's io_context and its
// state is touched only from that thread; the application, on its own thread, reaches sessions only
// through submit() and broadcast(), which take effect in the order they were called: a reply
// submitted after a broadcast reaches its session after that broadcast's frame.
//
// A broadcast writes to at most `slice` sessions per handler (Options::ws_broadcast_slice) and posts
// the rest, so the reads,
// accepts and replies of the thread's other connections run between slices rather than after the
// whole fan-out. Actions submitted while a broadcast is in progress wait for its end, which keeps the
// order above and keeps the member set still while it is walked.

#include "net/message.hpp"

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

namespace tent::net {

class WsSession;

class Shard {
public:
  // The sessions of one audience on this shard; changed only by actions run on this shard.
  using Members = std::unordered_map<std::uint64_t, std::weak_ptr<WsSession>>;

  Shard(boost::asio::io_context& ioc, std::size_t index, std::size_t slice)
      : ioc_(ioc), index_(index), slice_(slice == 0 ? 1 : slice) {}
  Shard(Shard const&) = delete;
  Shard& operator=(Shard const&) = delete;

  boost::asio::io_context& io() const { return ioc_; }
  std::size_t index() const { return index_; }

  // From any thread: runs action on this shard's thread after everything submitted before it.
  void submit(std::function<void()> action);
  // From any thread: writes frame to every live member, in slices; members that died are dropped.
  void broadcast(std::shared_ptr<Members> members, Message frame);

private:
  struct Broadcast {
    std::shared_ptr<Members> members;
    Message frame;
  };
  using Action = std::variant<std::function<void()>, Broadcast>;

  void enqueue(Action action);
  // Performs waiting actions in order until they run out or a broadcast needs another slice.
  void run();
  // One slice of the broadcast at the front; true when it is complete.
  bool slice(Broadcast& b);

  boost::asio::io_context& ioc_;
  std::size_t index_;
  std::size_t slice_;
  // This shard's thread only.
  std::deque<Action> waiting_;
  bool running_ = false;  // run() is in progress or posted
  bool walking_ = false;  // the front broadcast has begun: cursor_ is valid
  Members::iterator cursor_;
};

}  // namespace tent::net
