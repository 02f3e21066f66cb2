#include "net/server.hpp"

#include <utility>

namespace tent::net {

Server::Server(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint const& endpoint, Handler& handler,
               Options options, std::vector<boost::asio::io_context*> const& socket_threads)
    : context_(std::make_shared<Context>(ioc, handler, options, socket_threads)),
      listener_(std::make_shared<Listener>(ioc, endpoint, context_)) {
  listener_->run();
}

Server::~Server() { stop(); }

void Server::stop() {
  listener_->stop();
  context_->stop();
}

}  // namespace tent::net
