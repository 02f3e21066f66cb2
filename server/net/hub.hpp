#pragma once
// A broadcast audience: the WebSocket sessions that receive the same frames (the app may keep one hub
// per audience, e.g. public and staff). Used from the application's thread; the members of each
// shard are kept on that shard and written to by its own thread (see shard.hpp), so a broadcast
// costs the caller one post per shard, not one per member. Holds weak pointers, so membership never
// keeps a session alive; sessions that died without leave() are dropped by the next broadcast.

#include "net/message.hpp"
#include "net/shard.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace tent::net {

class WsSession;

class Hub {
public:
  void join(std::shared_ptr<WsSession> const& s);
  void leave(WsSession& s);
  bool contains(WsSession const& s) const;
  // Sends the same framed bytes to every member, after everything already sent to it. A member whose
  // queue is full is disconnected; the others are unaffected. Frames reach each member in broadcast
  // order.
  void broadcast(Message const& frame);
  // Members still alive (walks them all: for tests and diagnostics).
  std::size_t size() const;

private:
  struct Part {
    Shard* shard = nullptr;
    std::shared_ptr<Shard::Members> members = std::make_shared<Shard::Members>();  // shard's thread only
    std::size_t count = 0;  // members joined and not left, as this thread knows them
  };
  Part& part(Shard& shard);

  std::unordered_map<std::uint64_t, std::weak_ptr<WsSession>> all_;  // keyed by WsSession::id
  std::vector<Part> parts_;                                          // one per shard that ever had a member
};

}  // namespace tent::net
