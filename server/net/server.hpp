#pragma once
// The transport as the application sees it: listens on an endpoint and serves HTTP and WebSocket
// through a Handler on the given io_context: every Handler call happens on the thread running it.
// WebSocket sessions are spread over `socket_threads` (io_contexts each run by a thread of their own;
// the application's may be among them; none means the application's alone): sockets use every core,
// the application stays single-threaded (see context.hpp, shard.hpp). The Server, the Handler and the
// io_contexts must outlive their run().

#include "net/context.hpp"
#include "net/handler.hpp"
#include "net/listener.hpp"
#include "net/options.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstddef>
#include <memory>
#include <vector>

namespace tent::net {

class Server {
public:
  // Binds and starts accepting. Throws boost::system::system_error if the endpoint cannot be bound.
  Server(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint const& endpoint, Handler& handler,
         Options options = {}, std::vector<boost::asio::io_context*> const& socket_threads = {});
  ~Server();
  Server(Server const&) = delete;
  Server& operator=(Server const&) = delete;

  // The port actually bound (useful after binding port 0).
  unsigned short port() const { return listener_->local_endpoint().port(); }
  boost::asio::ip::tcp::endpoint const& local_endpoint() const { return listener_->local_endpoint(); }
  // Live HTTP and WebSocket connections.
  std::size_t connections() const { return context_->connections(); }
  // WebSocket sessions cut off for not reading (their unsent data passed the send bounds), since start.
  std::uint64_t slow_clients() const { return context_->slow_clients(); }
  // TCP connections holding a place under the connection caps.
  std::size_t admitted() const { return context_->admission().total(); }

  // Stops accepting and disconnects every connection, so io_context::run returns once the pending
  // handlers have completed. Opened WebSocket sessions still get Handler::on_close. Idempotent.
  void stop();

private:
  std::shared_ptr<Context> context_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace tent::net
