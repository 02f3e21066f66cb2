#include "app/stop_signals.hpp"

#include <csignal>
#include <initializer_list>

namespace tent::app {

StopSignals::StopSignals(boost::asio::io_context& ioc) : boost::asio::signal_set(ioc, SIGINT, SIGTERM) {
  for (int const number : {SIGINT, SIGTERM}) {
    struct sigaction action {};
    if (::sigaction(number, nullptr, &action) != 0) continue;
    action.sa_flags |= SA_RESTART;
    ::sigaction(number, &action, nullptr);
  }
}

}  // namespace tent::app
