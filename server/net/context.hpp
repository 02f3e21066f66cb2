#pragma once
// What all sessions of one Server share: the application's handler and the io_context it runs on,
// the shards WebSocket sessions are spread over, the limits, and the set of live connections that
// Server::stop() must close. Sessions hold it by shared_ptr, so it outlives them even when an
// io_context destroys pending handlers after the Server is gone.
//
// Threads: the handler is called only on the application's io_context (to_app). HTTP sessions live
// there too; each WebSocket session lives on one shard. add/remove/connections/stop and the
// admission caps may be used from any thread.

#include "net/admission.hpp"
#include "net/connection.hpp"
#include "net/handler.hpp"
#include "net/options.hpp"
#include "net/shard.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace tent::net {

class Context {
public:
  // `socket_threads`: the io_contexts WebSocket sessions are spread over, each run by one thread;
  // empty means the application's own.
  Context(boost::asio::io_context& app, Handler& handler, Options options,
          std::vector<boost::asio::io_context*> const& socket_threads = {});
  Context(Context const&) = delete;
  Context& operator=(Context const&) = delete;

  Handler& handler() const { return handler_; }
  Options const& options() const { return options_; }
  boost::asio::io_context& app() const { return app_; }
  // Runs f with the handler's thread: at once if already on it, else posted there.
  template <class F>
  void to_app(F&& f) const;
  // The Listener admits each accepted socket here.
  Admission& admission() { return admission_; }
  Admission const& admission() const { return admission_; }
  // WebSocket sessions cut off because their unsent data passed the send bounds (any thread).
  void count_slow_client() { slow_clients_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t slow_clients() const { return slow_clients_.load(std::memory_order_relaxed); }
  // True once stop() ran: no new connection or session may start.
  bool stopped() const { return stopped_.load(); }

  // The shard for the next WebSocket session (round robin). Application thread only.
  Shard& next_shard();
  // The shard that runs on this io_context; throws std::logic_error if none does.
  Shard& shard_of(boost::asio::io_context& ioc);

  // A connection registers when it starts and unregisters in its destructor.
  void add(Connection& c);
  void remove(Connection& c) noexcept;
  std::size_t connections() const;

  // Marks the context stopped and shuts down every live connection (each on its own thread).
  void stop();

private:
  boost::asio::io_context& app_;
  Handler& handler_;
  Options options_;
  Admission admission_;
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> slow_clients_{0};
  std::vector<std::unique_ptr<Shard>> shards_;
  std::size_t next_ = 0;
  mutable std::mutex mutex_;              // guards live_
  std::unordered_set<Connection*> live_;  // invariant: every pointer refers to a living object
};

}  // namespace tent::net

#include <boost/asio/dispatch.hpp>

template <class F>
void tent::net::Context::to_app(F&& f) const {
  boost::asio::dispatch(app_, std::forward<F>(f));
}
