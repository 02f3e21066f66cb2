#pragma once
// The machine's network interface addresses, as getifaddrs(3) lists them: the one place the server
// asks the system where it can be reached. What to make of them is host_addresses.hpp's (pure).

#include <boost/asio/ip/address.hpp>

#include <string>
#include <vector>

namespace tent::net {

// One address of one interface.
struct InterfaceAddress {
  std::string interface;  // its name: "wlan0", "eth0", "docker0"
  boost::asio::ip::address address;
  bool up = true;  // IFF_UP and IFF_RUNNING: configured and with a link
};

// Every IPv4 and IPv6 address of every interface, in the system's order; empty when getifaddrs fails.
std::vector<InterfaceAddress> local_interfaces();

}  // namespace tent::net
