#pragma once
// The real executable as a child process, for tests of what only a whole process shows: kill -9,
// start-up failures, a database file deleted under a running server, a full disk.

#include "net/handler.hpp"

#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tent::app::test {

struct Child {
  pid_t pid = -1;
  bool exited = false;
  int exit_code = -1;
  unsigned short port = 0;
  std::string output;  // stdout and stderr, as far as read
};

// Starts `massage-tent args...` with its output in the file `log`, and waits (up to 20 s) until the
// output says which port it listens on (or, given `ready`, until it holds that text), or the process
// ends. `in_child` runs in the child just before exec (e.g. to enter a mount namespace).
Child spawn(std::vector<std::string> args, std::string const& log, std::function<void()> const& in_child = {},
            std::string const& ready = {});

// Waits (up to `seconds`) until the child's output, from `from` on, contains `text`; false if it does
// not by then or the child ended. Updates c.output.
bool wait_for_output(Child& c, std::string const& log, std::string const& text, std::size_t from = 0, int seconds = 20);

// Runs `massage-tent args...` with a terminal (a pseudo-terminal) as its stdout and stderr, as when a
// person starts it by hand. Once it says which port it listens on (within 20 s), calls
// `while_running(port)`, then stops it with SIGTERM. Returns everything it wrote, line ends as "\n",
// and sets `exit_code`.
std::string run_on_terminal(std::vector<std::string> args, std::function<void(unsigned short)> const& while_running,
                            int& exit_code);

// Waits for the child to end: its exit code, or 128 + signal.
int wait_exit(pid_t pid);

// Everything the child has written to `log` so far.
std::string read_log(std::string const& log);

// POST with the volunteer PIN 1111; sets status, returns the body.
std::string post(unsigned short port, std::string const& target, std::string const& body, int& status);

// GET without a PIN; sets status, returns the body.
std::string get(unsigned short port, std::string const& target, int& status);

// `serve` on a free loopback port and database `db` with the tests' volunteer and organiser PINs
// (live_tent.hpp), followed by `more`.
std::vector<std::string> serve_args(std::string const& db, std::vector<std::string> const& more = {});

// Stops a server with SIGTERM and waits: its exit code (0 for a clean stop).
int stop(Child const& server);

// One request, with `pin` (if any) as its Bearer token and a JSON body (if any).
net::Response request(unsigned short port, net::http::verb method, std::string const& target,
                      std::string const& pin = {}, std::string const& body = {});

// Makes `folder` (which must exist) a tmpfs of `bytes` in a mount namespace of the calling process only:
// a small disk to fill. Needs root, or unprivileged user namespaces. Returns false (errno set) on failure.
bool mount_small_disk(std::string const& folder, std::size_t bytes);

}  // namespace tent::app::test
