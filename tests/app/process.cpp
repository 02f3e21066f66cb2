#include "process.hpp"

#include "../net/clients.hpp"
#include "live_tent.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace tent::app::test {

namespace {

bool write_file(char const* path, std::string const& text) {
  int const fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool const ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

}  // namespace

Child spawn(std::vector<std::string> args, std::string const& log, std::function<void()> const& in_child,
            std::string const& ready) {
  Child c;
  c.pid = fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    // Opened before in_child may drop privileges: the build folder may be out of the other user's
    // reach (a checkout under /root), the executable itself is not.
    int const exe = open(TENT_EXECUTABLE, O_RDONLY | O_CLOEXEC);
    if (in_child) in_child();
    std::vector<char*> argv{const_cast<char*>(TENT_EXECUTABLE)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    fexecve(exe, argv.data(), environ);
    _exit(127);
  }
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    c.output = read_log(log);
    if (!ready.empty() && c.output.find(ready) != std::string::npos) return c;
    auto at = ready.empty() ? c.output.find("listening on port ") : std::string::npos;
    if (at != std::string::npos && c.output.find('\n', at) != std::string::npos) {
      c.port = static_cast<unsigned short>(std::stoi(c.output.substr(at + 18)));
      return c;
    }
    int status = 0;
    if (waitpid(c.pid, &status, WNOHANG) == c.pid) {  // it ended without listening
      c.exited = true;
      c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      c.output = read_log(log);  // everything it wrote before it ended
      return c;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return c;
}

bool wait_for_output(Child& c, std::string const& log, std::string const& text, std::size_t from, int seconds) {
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    c.output = read_log(log);
    if (c.output.size() > from && c.output.find(text, from) != std::string::npos) return true;
    siginfo_t info{};  // ended? (WNOWAIT: left for wait_exit to collect)
    if (waitid(P_PID, static_cast<id_t>(c.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == c.pid)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string run_on_terminal(std::vector<std::string> args, std::function<void(unsigned short)> const& while_running,
                            int& exit_code) {
  int const master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  std::string const terminal = ::ptsname(master);
  // The test holds the terminal's other end open too, until the server has ended: what a terminal
  // carries reaches this side a moment after it is written (later still on a loaded machine), so
  // waiting for a quiet spell may end before the server's last lines arrive. Once the server and
  // this end are both closed, a read gives everything still on its way and only then fails.
  int const held = ::open(terminal.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  REQUIRE(held >= 0);
  pid_t const pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setsid();
    int const fd = ::open(terminal.c_str(), O_RDWR);  // the session's controlling terminal
    if (fd < 0) _exit(127);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(TENT_EXECUTABLE)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(TENT_EXECUTABLE, argv.data());
    _exit(127);
  }
  std::string out;
  // Reads what arrives within `ms`; false when nothing did.
  auto const read_some = [&](int ms) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    std::array<char, 4096> buffer{};
    auto const n = ::read(master, buffer.data(), buffer.size());
    if (n <= 0) return false;
    out.append(buffer.data(), static_cast<std::size_t>(n));
    return true;
  };
  std::optional<int> status;  // once the server has ended
  auto const ended = [&] {
    int s = 0;
    if (!status && waitpid(pid, &s, WNOHANG) == pid) status = WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
    return status.has_value();
  };
  unsigned short port = 0;
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!ended() && port == 0 && std::chrono::steady_clock::now() < deadline) {
    read_some(100);
    auto const at = out.find("listening on port ");
    if (at != std::string::npos && out.find('\n', at) != std::string::npos)
      port = static_cast<unsigned short>(std::stoi(out.substr(at + 18)));
  }
  auto const finish = [&] {
    if (!ended()) kill(pid, SIGTERM);
    auto const stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!ended() && std::chrono::steady_clock::now() < stop_deadline) read_some(100);
    if (!ended()) kill(pid, SIGKILL);
    exit_code = status ? *status : wait_exit(pid);
    ::close(held);
    while (read_some(10'000)) {}  // what it wrote before it ended, to the end
    ::close(master);
  };
  try {
    if (port != 0 && while_running) while_running(port);
  } catch (...) {
    finish();
    throw;
  }
  finish();
  std::erase(out, '\r');  // the terminal turns each "\n" into "\r\n"
  return out;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_log(std::string const& log) {
  std::ifstream in(log);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string post(unsigned short port, std::string const& target, std::string const& body, int& status) {
  auto req = net::test::make_request(net::http::verb::post, target, body);
  req.set(net::http::field::authorization, "Bearer 1111");
  auto res = net::test::http_request(port, std::move(req));
  status = static_cast<int>(res.result_int());
  return res.body();
}

std::string get(unsigned short port, std::string const& target, int& status) {
  auto res = net::test::http_request(port, net::test::make_request(net::http::verb::get, target));
  status = static_cast<int>(res.result_int());
  return res.body();
}

std::vector<std::string> serve_args(std::string const& db, std::vector<std::string> const& more) {
  std::vector<std::string> args{"serve", "--bind",          "127.0.0.1",   "--port",          "0",          "--db",
                                db,      "--volunteer-pin", volunteer_pin, "--organiser-pin", organiser_pin};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

int stop(Child const& server) {
  kill(server.pid, SIGTERM);
  return wait_exit(server.pid);
}

net::Response request(unsigned short port, net::http::verb method, std::string const& target, std::string const& pin,
                      std::string const& body) {
  auto req = net::test::make_request(method, target, body);
  if (!pin.empty()) req.set(net::http::field::authorization, "Bearer " + pin);
  if (!body.empty()) req.set(net::http::field::content_type, "application/json");
  return net::test::http_request(port, std::move(req));
}

bool mount_small_disk(std::string const& folder, std::size_t bytes) {
  uid_t const uid = geteuid();
  gid_t const gid = getegid();
  if (uid != 0) {  // become root of a user namespace of our own, which may mount a tmpfs
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return false;
    write_file("/proc/self/setgroups", "deny");
    if (!write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
      return false;
  } else if (unshare(CLONE_NEWNS) != 0) {
    return false;
  }
  // Keep the mount to this namespace, whatever the host's propagation.
  if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  auto const options = "size=" + std::to_string(bytes) + ",mode=0700";
  return mount("tent-test-disk", folder.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

}  // namespace tent::app::test
