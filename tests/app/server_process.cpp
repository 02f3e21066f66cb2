#include "server_process.hpp"

#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace tent::app::test {

namespace {

std::string read_file(std::string const& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> args, std::string log, std::vector<std::string> env)
    : log_(std::move(log)) {
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(TENT_EXECUTABLE)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execve(TENT_EXECUTABLE, argv.data(), envp.data());
    _exit(127);
  }
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    output_ = read_file(log_);
    auto at = output_.find("listening on port ");
    if (at != std::string::npos && output_.find('\n', at) != std::string::npos) {
      port_ = static_cast<unsigned short>(std::stoi(output_.substr(at + 18)));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      output_ = read_file(log_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // waiting for another process to start
  }
}

ServerProcess::~ServerProcess() {
  if (exited_ || pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

long ServerProcess::rss_kb() const {
  if (exited_) return -1;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace tent::app::test
