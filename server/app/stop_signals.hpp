#pragma once

// SIGINT and SIGTERM, caught to stop cleanly.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace tent::app {

// A signal_set for SIGINT and SIGTERM whose handler lets a system call they interrupt go on.
// Asio installs its handler without SA_RESTART, so a stop asked for while a thread wrote to a
// terminal failed that write: the line was lost, and std::cerr, put in a failed state, dropped
// every line after it, the "stopped" one included.
class StopSignals : public boost::asio::signal_set {
public:
  explicit StopSignals(boost::asio::io_context& ioc);
};

}  // namespace tent::app
