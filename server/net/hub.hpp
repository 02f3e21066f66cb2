#pragma once
// A broadcast audience: the WebSocket sessions that receive the same frames (the app may keep one hub
// per audience, e.g. public and staff). Holds weak pointers, so membership never keeps a session
// alive; sessions that died without leave() are pruned on the next broadcast.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "net/message.hpp"

namespace tent::net {

class WsSession;

class Hub {
public:
  void join(std::shared_ptr<WsSession> const& s);
  void leave(WsSession& s);
  bool contains(WsSession const& s) const;
  // Sends the same framed bytes to every member (WsSession::send, so on the members' executor: today
  // the one io_context). A member whose queue is full is disconnected by its
  // own send(); the others are unaffected. Frames reach each member in broadcast order.
  void broadcast(Message const& frame);
  std::size_t size() const { return members_.size(); }

private:
  std::unordered_map<std::uint64_t, std::weak_ptr<WsSession>> members_;  // keyed by WsSession::id
};

}  // namespace tent::net
