#include "net/admission.hpp"

#include <utility>

namespace tent::net {

Admission::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}

Admission::Ticket& Admission::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

Admission::Ticket::~Ticket() { release(); }

void Admission::Ticket::release() noexcept {
  if (owner_) std::exchange(owner_, nullptr)->release(address_);
}

std::optional<Admission::Ticket> Admission::admit(boost::asio::ip::address const& address) {
  // An IPv4 client seen through an IPv6 socket counts as its IPv4 address.
  auto const client =
      address.is_v6() && address.to_v6().is_v4_mapped()
          ? boost::asio::ip::address(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()))
          : address;
  bool const exempt = limits_.exempt_loopback && client.is_loopback();
  std::string key = exempt ? std::string{} : client.to_string();
  std::lock_guard lock(mutex_);
  if (total_ >= limits_.total) return std::nullopt;
  if (!exempt) {
    auto& count = per_address_[key];
    if (count >= limits_.per_address) {
      if (count == 0) per_address_.erase(key);
      return std::nullopt;
    }
    ++count;
  }
  ++total_;
  return Ticket(this, std::move(key));
}

std::size_t Admission::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

std::size_t Admission::from(boost::asio::ip::address const& address) const {
  std::lock_guard lock(mutex_);
  auto const it = per_address_.find(address.to_string());
  return it == per_address_.end() ? 0 : it->second;
}

void Admission::release(std::string const& address) noexcept {
  std::lock_guard lock(mutex_);
  --total_;
  if (address.empty()) return;
  auto const it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

}  // namespace tent::net
