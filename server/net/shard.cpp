#include "net/shard.hpp"

#include "log/logger.hpp"
#include "net/ws_session.hpp"

#include <boost/asio/post.hpp>

#include <exception>
#include <utility>

namespace tent::net {

void Shard::submit(std::function<void()> action) { enqueue(Action(std::move(action))); }

void Shard::broadcast(std::shared_ptr<Members> members, Message frame) {
  enqueue(Action(Broadcast{std::move(members), std::move(frame)}));
}

void Shard::enqueue(Action action) {
  boost::asio::post(ioc_, [this, action = std::move(action)]() mutable {
    waiting_.push_back(std::move(action));
    if (!running_) run();
  });
}

void Shard::run() {
  running_ = true;
  while (!waiting_.empty()) {
    if (auto* b = std::get_if<Broadcast>(&waiting_.front())) {
      if (!slice(*b)) {
        boost::asio::post(ioc_, [this] { run(); });  // running_ stays set: nothing overtakes the broadcast
        return;
      }
      waiting_.pop_front();
      continue;
    }
    auto action = std::get<std::function<void()>>(std::move(waiting_.front()));
    waiting_.pop_front();
    try {
      action();
    } catch (std::exception const& e) {
      log::error("net", std::string("shard action failed: ") + e.what());
    }
  }
  running_ = false;
}

bool Shard::slice(Broadcast& b) {
  auto& members = *b.members;
  if (!walking_) {
    walking_ = true;
    cursor_ = members.begin();
  }
  for (std::size_t n = 0; n < slice_ && cursor_ != members.end(); ++n) {
    if (auto s = cursor_->second.lock()) {
      s->write(b.frame);
      ++cursor_;
    } else {
      cursor_ = members.erase(cursor_);
    }
  }
  if (cursor_ != members.end()) return false;
  walking_ = false;
  return true;
}

}  // namespace tent::net
