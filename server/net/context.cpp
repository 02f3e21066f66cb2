#include "net/context.hpp"

#include <vector>

namespace tent::net {

Context::Context(Handler& handler, Options options)
    : handler_(handler),
      options_(options),
      admission_({options.max_connections, options.max_connections_per_address, options.loopback_exempt}) {}

void Context::add(Connection& c) { live_.insert(&c); }

void Context::remove(Connection& c) noexcept { live_.erase(&c); }

void Context::stop() {
  stopped_ = true;
  // Connection::shutdown never destroys or unregisters synchronously; the copy is belt and braces.
  std::vector<Connection*> const all(live_.begin(), live_.end());
  for (Connection* c : all) c->shutdown();
}

}  // namespace tent::net
