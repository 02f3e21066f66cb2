#include "net/context.hpp"

#include <stdexcept>
#include <vector>

namespace tent::net {

Context::Context(boost::asio::io_context& app, Handler& handler, Options options,
                 std::vector<boost::asio::io_context*> const& socket_threads)
    : app_(app),
      handler_(handler),
      options_(options),
      admission_({options.max_connections, options.max_connections_per_address, options.loopback_exempt}) {
  for (auto* ioc : socket_threads)
    shards_.push_back(std::make_unique<Shard>(*ioc, shards_.size(), options_.ws_broadcast_slice));
  if (shards_.empty()) shards_.push_back(std::make_unique<Shard>(app_, 0, options_.ws_broadcast_slice));
}

Shard& Context::next_shard() { return *shards_[next_++ % shards_.size()]; }

Shard& Context::shard_of(boost::asio::io_context& ioc) {
  for (auto& s : shards_)
    if (&s->io() == &ioc) return *s;
  throw std::logic_error("no shard runs on this io_context");
}

void Context::add(Connection& c) {
  std::lock_guard lock(mutex_);
  live_.insert(&c);
}

void Context::remove(Connection& c) noexcept {
  std::lock_guard lock(mutex_);
  live_.erase(&c);
}

std::size_t Context::connections() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

void Context::stop() {
  stopped_ = true;
  // Connection::shutdown only posts to the connection's thread, so it is safe under the lock, and a
  // connection being destroyed meanwhile waits in remove() until the walk is over.
  std::lock_guard lock(mutex_);
  for (Connection* c : live_) c->shutdown();
}

}  // namespace tent::net
