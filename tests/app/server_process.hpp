#pragma once
// The real massage-tent executable as a child process, for tests that need its own memory
// figures or its command line: started on a free loopback port, stopped with SIGTERM when the
// object goes.

#include <string>
#include <sys/types.h>
#include <vector>

namespace tent::app::test {

class ServerProcess {
public:
  // Runs `massage-tent <args>` with its output in `log`, and waits up to 20 s until it says which
  // port it listens on or ends. `env` entries ("NAME=value") are added to its environment.
  ServerProcess(std::vector<std::string> args, std::string log, std::vector<std::string> env = {});
  ~ServerProcess();
  ServerProcess(ServerProcess const&) = delete;
  ServerProcess& operator=(ServerProcess const&) = delete;

  unsigned short port() const { return port_; }
  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }
  // Everything it printed up to the point it listened (or ended).
  std::string const& output() const { return output_; }
  // Its resident set size in kB (VmRSS), or -1 once it is gone.
  long rss_kb() const;

private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  bool exited_ = false;
  int exit_code_ = -1;
  std::string log_, output_;
};

}  // namespace tent::app::test
