#include "net/interfaces.hpp"

#include <array>
#include <cstring>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

namespace tent::net {

std::vector<InterfaceAddress> local_interfaces() {
  std::vector<InterfaceAddress> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (auto const* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr) continue;
    boost::asio::ip::address address;
    if (a->ifa_addr->sa_family == AF_INET) {
      sockaddr_in sin{};
      std::memcpy(&sin, a->ifa_addr, sizeof sin);
      address = boost::asio::ip::make_address_v4(ntohl(sin.sin_addr.s_addr));
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      sockaddr_in6 sin6{};
      std::memcpy(&sin6, a->ifa_addr, sizeof sin6);
      std::array<unsigned char, 16> bytes{};
      std::memcpy(bytes.data(), &sin6.sin6_addr, bytes.size());
      address = boost::asio::ip::make_address_v6(bytes, sin6.sin6_scope_id);
    } else {
      continue;
    }
    bool const up = (a->ifa_flags & IFF_UP) && (a->ifa_flags & IFF_RUNNING);
    out.push_back({a->ifa_name ? a->ifa_name : "", address, up});
  }
  freeifaddrs(list);
  return out;
}

}  // namespace tent::net
