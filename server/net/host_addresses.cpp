#include "net/host_addresses.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>

namespace tent::net {

namespace {

using boost::asio::ip::address_v4;

// Name prefixes of interfaces that are not the machine's own link to a network: container and VM
// bridges, VPN tunnels.
constexpr std::array virtual_prefixes = {"docker", "br-", "virbr",   "veth", "vboxnet", "vmnet", "lxcbr", "lxdbr",
                                         "podman", "cni", "flannel", "tun",  "tap",     "wg",    "zt",    "tailscale"};

bool is_virtual(std::string_view name) {
  return std::any_of(virtual_prefixes.begin(), virtual_prefixes.end(),
                     [&](std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; });
}

bool within(address_v4 a, std::uint32_t network, int prefix_bits) {
  auto const mask = prefix_bits == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix_bits);
  return (a.to_uint() & mask) == network;
}

// 0 for the range Wi-Fi routers hand out most, up to 4 for link-local (see the header).
int range_rank(address_v4 a) {
  if (within(a, 0xC0A80000, 16)) return 0;  // 192.168.0.0/16
  if (within(a, 0x0A000000, 8)) return 1;   // 10.0.0.0/8
  if (within(a, 0xAC100000, 12)) return 2;  // 172.16.0.0/12
  if (within(a, 0xA9FE0000, 16)) return 4;  // 169.254.0.0/16
  return 3;
}

// Whether a device on the network could use this address at all.
bool usable(address_v4 a) {
  return !a.is_unspecified() && !a.is_loopback() && !a.is_multicast() && a != address_v4::broadcast();
}

// An IPv4 address also when written as IPv6 (::ffff:a.b.c.d).
boost::asio::ip::address plain(boost::asio::ip::address const& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

HostAddresses reachable_addresses(std::span<InterfaceAddress const> interfaces, boost::asio::ip::address const& bound) {
  HostAddresses out;
  auto const listening = plain(bound);
  if (listening.is_loopback()) {
    out.reason = HostAddresses::Reason::loopback;
    return out;
  }
  if (!listening.is_unspecified()) {
    out.addresses.push_back(listening.to_string());
    return out;
  }
  struct Candidate {
    bool is_virtual;
    int rank;
    std::uint32_t value;
    bool operator<(Candidate const& o) const {
      return std::tie(is_virtual, rank, value) < std::tie(o.is_virtual, o.rank, o.value);
    }
  };
  std::vector<Candidate> found;
  for (auto const& i : interfaces) {
    auto const a = plain(i.address);
    if (!i.up || !a.is_v4() || !usable(a.to_v4())) continue;
    found.push_back({is_virtual(i.interface), range_rank(a.to_v4()), a.to_v4().to_uint()});
  }
  std::sort(found.begin(), found.end());
  for (auto const& c : found) {
    auto text = address_v4(c.value).to_string();
    if (std::find(out.addresses.begin(), out.addresses.end(), text) == out.addresses.end())
      out.addresses.push_back(std::move(text));
  }
  if (out.addresses.empty()) out.reason = HostAddresses::Reason::no_network;
  return out;
}

char const* to_string(HostAddresses::Reason reason) {
  switch (reason) {
    case HostAddresses::Reason::loopback:
      return "loopback";
    case HostAddresses::Reason::no_network:
      return "no_network";
    case HostAddresses::Reason::none:
      break;
  }
  return "";
}

}  // namespace tent::net
