#pragma once
// Runs PIN checks (Argon2id, see auth::default_cost) on a worker thread, so the event loop keeps serving
// everyone else while a secret is hashed, and hands each result back on the io_context's thread.
// Checks run one at a time, in order, so Argon2id's memory is needed once however many sign-ins
// arrive together; Access bounds how many can wait.

#include "app/access.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>

namespace tent::app {

class PinChecker {
public:
  using Done = std::function<void(Access::Pending const&, auth::Role found)>;

  explicit PinChecker(boost::asio::io_context& ioc);
  // Waits for the check in progress; results not yet handed back are dropped with the io_context.
  ~PinChecker();
  PinChecker(PinChecker const&) = delete;
  PinChecker& operator=(PinChecker const&) = delete;

  // Verifies on the worker, then calls done on the io_context's thread. Until done has run, the
  // io_context has work, so its run() does not return with a check outstanding.
  void check(Access::Pending pending, Done done);

private:
  boost::asio::io_context& ioc_;
  boost::asio::thread_pool worker_{1};
};

}  // namespace tent::app
