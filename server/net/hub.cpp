#include "net/hub.hpp"

#include "net/ws_session.hpp"

namespace tent::net {

void Hub::join(std::shared_ptr<WsSession> const& s) {
  if (s) members_.insert_or_assign(s->id(), s);
}

void Hub::leave(WsSession& s) { members_.erase(s.id()); }

bool Hub::contains(WsSession const& s) const { return members_.count(s.id()) != 0; }

void Hub::broadcast(Message const& frame) {
  // WsSession::send never calls back into the Handler, so members_ cannot change during the loop.
  for (auto it = members_.begin(); it != members_.end();) {
    if (auto s = it->second.lock()) {
      s->send(frame);
      ++it;
    } else {
      it = members_.erase(it);
    }
  }
}

}  // namespace tent::net
