#pragma once
// The addresses the tent's phones and tablets can open the pages at, chosen from the machine's
// interface addresses (interfaces.hpp) and the address the server listens on (--bind). Pure: no
// system call, so the choice is tested with made-up interface lists.
//
// Phones type or scan IPv4 addresses, so only IPv4 ones are listed (an IPv6 one only when --bind
// names it). Loopback, link-down and multicast addresses are never listed. Best first:
//   1. physical interfaces before virtual ones (docker0, br-…, virbr0, veth…, VPN tunnels: a phone
//      on the tent's Wi-Fi cannot reach those);
//   2. then the private ranges Wi-Fi routers hand out, the commonest first: 192.168/16, 10/8,
//      172.16/12; then any other address; link-local 169.254/16 last;
//   3. then by address (so the order does not change with the system's listing order).

#include "net/interfaces.hpp"

#include <span>
#include <string>
#include <vector>

namespace tent::net {

struct HostAddresses {
  // Why `addresses` is empty (none when it is not).
  enum class Reason {
    none,
    loopback,    // the server listens on a loopback address: only this machine can connect
    no_network,  // it listens on every interface, but none has an address another device can use
  };
  std::vector<std::string> addresses;  // as text ("192.168.8.10"), best first, no duplicates
  Reason reason = Reason::none;
};

// `bound`: the address the server listens on. Unspecified (0.0.0.0 or ::): every usable IPv4
// address of `interfaces`; loopback: none; any other: that one alone.
HostAddresses reachable_addresses(std::span<InterfaceAddress const> interfaces, boost::asio::ip::address const& bound);

// "loopback", "no_network" or "" (none), as the API says it.
char const* to_string(HostAddresses::Reason reason);

}  // namespace tent::net
