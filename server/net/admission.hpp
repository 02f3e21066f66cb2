#pragma once
// Caps on open TCP connections, in total and per client address, so that one device (or one
// attacker) cannot take every socket and file descriptor of the server. Loopback addresses can be
// exempt from the per-address cap, so that a benchmark on the server's own machine may open
// thousands of sockets; the total cap always holds.
//
// A connection is counted from accept until its last session ends: the Ticket moves with the
// socket from the HttpSession to the WsSession, and releases its place when destroyed, on whichever
// thread that session ends: the counts are guarded by a mutex.

#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tent::net {

struct AdmissionLimits {
  std::size_t total = 20'000;
  std::size_t per_address = 200;
  bool exempt_loopback = true;  // loopback clients are held only to the total cap
};

class Admission {
public:
  // A place held by one connection. Move-only; the Admission must outlive it.
  class Ticket {
  public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    ~Ticket();
    Ticket(Ticket const&) = delete;
    Ticket& operator=(Ticket const&) = delete;

  private:
    friend class Admission;
    Ticket(Admission* owner, std::string address) : owner_(owner), address_(std::move(address)) {}
    void release() noexcept;

    Admission* owner_ = nullptr;
    std::string address_;  // empty for an exempt address
  };

  explicit Admission(AdmissionLimits limits) : limits_(limits) {}
  Admission(Admission const&) = delete;
  Admission& operator=(Admission const&) = delete;

  // A ticket, or nullopt when taking one would pass a cap.
  std::optional<Ticket> admit(boost::asio::ip::address const& address);

  std::size_t total() const;
  std::size_t from(boost::asio::ip::address const& address) const;

private:
  void release(std::string const& address) noexcept;

  AdmissionLimits limits_;
  mutable std::mutex mutex_;  // guards total_ and per_address_
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;  // only non-exempt addresses, count > 0
};

}  // namespace tent::net
