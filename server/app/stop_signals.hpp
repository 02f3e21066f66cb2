#pragma once

// SIGINT and SIGTERM, caught by an asio::signal_set to stop cleanly.

namespace tent::app {

// Called once a signal_set has caught SIGINT and SIGTERM: lets a system call they interrupt go on.
// Asio installs its handler without SA_RESTART, so a stop asked for while a thread wrote to a
// terminal failed that write: the line was lost, and std::cerr, put in a failed state, dropped
// every line after it, the "stopped" one included.
void restart_calls_interrupted_by_stop();

}  // namespace tent::app
