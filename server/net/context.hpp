#pragma once
// What all sessions of one Server share: the application's handler, the limits, and the set of live
// connections that Server::stop() must close. Sessions hold it by shared_ptr, so it outlives them even
// when the io_context destroys pending handlers after the Server is gone.

#include "net/admission.hpp"
#include "net/connection.hpp"
#include "net/handler.hpp"
#include "net/options.hpp"

#include <cstddef>
#include <unordered_set>

namespace tent::net {

class Context {
public:
  Context(Handler& handler, Options options);
  Context(Context const&) = delete;
  Context& operator=(Context const&) = delete;

  Handler& handler() const { return handler_; }
  Options const& options() const { return options_; }
  // The connection caps of options(); the Listener admits each accepted socket here.
  Admission& admission() { return admission_; }
  Admission const& admission() const { return admission_; }
  // True once stop() ran: no new connection or session may start.
  bool stopped() const { return stopped_; }

  // A connection registers when it starts and unregisters in its destructor.
  void add(Connection& c);
  void remove(Connection& c) noexcept;
  std::size_t connections() const { return live_.size(); }

  // Marks the context stopped and shuts down every live connection.
  void stop();

private:
  Handler& handler_;
  Options options_;
  Admission admission_;
  bool stopped_ = false;
  std::unordered_set<Connection*> live_;  // invariant: every pointer refers to a living object
};

}  // namespace tent::net
