#include "net/hub.hpp"

#include "net/ws_session.hpp"

#include <algorithm>

namespace tent::net {

Hub::Part& Hub::part(Shard& shard) {
  auto it = std::find_if(parts_.begin(), parts_.end(), [&](Part const& p) { return p.shard == &shard; });
  if (it != parts_.end()) return *it;
  parts_.push_back(Part{&shard});
  return parts_.back();
}

void Hub::join(std::shared_ptr<WsSession> const& s) {
  if (!s || !all_.insert_or_assign(s->id(), s).second) return;
  auto& p = part(s->shard());
  ++p.count;
  p.shard->submit([members = p.members, id = s->id(), weak = std::weak_ptr<WsSession>(s)] { (*members)[id] = weak; });
}

void Hub::leave(WsSession& s) {
  if (all_.erase(s.id()) == 0) return;
  auto& p = part(s.shard());
  --p.count;
  p.shard->submit([members = p.members, id = s.id()] { members->erase(id); });
}

bool Hub::contains(WsSession const& s) const { return all_.count(s.id()) != 0; }

void Hub::broadcast(Message const& frame) {
  for (auto& p : parts_)
    if (p.count > 0) p.shard->broadcast(p.members, frame);
}

std::size_t Hub::size() const {
  return static_cast<std::size_t>(
      std::count_if(all_.begin(), all_.end(), [](auto const& member) { return !member.second.expired(); }));
}

}  // namespace tent::net
