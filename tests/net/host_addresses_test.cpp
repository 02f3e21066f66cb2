// The addresses the tent's devices are told to open the pages at: chosen from made-up interface
// lists (the choice is pure), and the system's own list read once.

#include "net/host_addresses.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using tent::net::HostAddresses;
using tent::net::InterfaceAddress;
using tent::net::local_interfaces;
using tent::net::reachable_addresses;
using Reason = HostAddresses::Reason;

namespace {

InterfaceAddress nic(std::string name, char const* address, bool up = true) {
  return {std::move(name), boost::asio::ip::make_address(address), up};
}

auto const any_v4 = boost::asio::ip::make_address("0.0.0.0");

// A laptop with the tent's Wi-Fi, a wired link, Docker and a VPN, listed as the system might.
std::vector<InterfaceAddress> const laptop = {
    nic("lo", "127.0.0.1"),       nic("tun0", "10.8.0.6"),      nic("docker0", "172.17.0.1"),
    nic("eth0", "10.0.0.23"),     nic("wlan0", "192.168.8.10"), nic("wlan0", "fe80::1c2b:3cff:fe4d:5e6f"),
    nic("wlan0", "2001:db8::10"), nic("eth1", "169.254.10.20"), nic("eth2", "172.20.1.5"),
    nic("eth3", "100.70.1.2"),
};

}  // namespace

TEST_CASE("Bound to every interface, the IPv4 addresses of physical interfaces come first, Wi-Fi ranges in order",
          "[net]") {
  auto const found = reachable_addresses(laptop, any_v4);
  CHECK(found.reason == Reason::none);
  CHECK(found.addresses == std::vector<std::string>{"192.168.8.10", "10.0.0.23", "172.20.1.5", "100.70.1.2",
                                                    "169.254.10.20", "10.8.0.6", "172.17.0.1"});
}

TEST_CASE("The order does not depend on the order the system lists the interfaces in", "[net]") {
  auto shuffled = laptop;
  std::reverse(shuffled.begin(), shuffled.end());
  CHECK(reachable_addresses(shuffled, any_v4).addresses == reachable_addresses(laptop, any_v4).addresses);
  std::rotate(shuffled.begin(), shuffled.begin() + 3, shuffled.end());
  CHECK(reachable_addresses(shuffled, any_v4).addresses == reachable_addresses(laptop, any_v4).addresses);
}

TEST_CASE("Within one range, addresses are in numeric order, and an address on two interfaces is listed once",
          "[net]") {
  std::vector<InterfaceAddress> const two_routers = {nic("wlan0", "192.168.10.2"), nic("eth0", "192.168.9.200"),
                                                     nic("br0", "192.168.9.200"), nic("usb0", "192.168.100.1")};
  CHECK(reachable_addresses(two_routers, any_v4).addresses ==
        std::vector<std::string>{"192.168.9.200", "192.168.10.2", "192.168.100.1"});
}

TEST_CASE("Loopback, down, multicast and IPv6 interface addresses are never listed", "[net]") {
  std::vector<InterfaceAddress> const none_usable = {
      nic("lo", "127.0.0.1"),         nic("lo", "::1"),         nic("wlan0", "192.168.8.10", /*up=*/false),
      nic("eth0", "fd00::2"),         nic("eth0", "224.0.0.1"), nic("eth0", "0.0.0.0"),
      nic("eth0", "255.255.255.255"), nic("lo:1", "127.0.1.1"),
  };
  auto const found = reachable_addresses(none_usable, any_v4);
  CHECK(found.addresses.empty());
  CHECK(found.reason == Reason::no_network);
}

TEST_CASE("Bound to :: (every interface, IPv6 and IPv4), the IPv4 addresses are listed as for 0.0.0.0", "[net]") {
  CHECK(reachable_addresses(laptop, boost::asio::ip::make_address("::")).addresses ==
        reachable_addresses(laptop, any_v4).addresses);
}

TEST_CASE("Bound to one address, only that one is listed, even if the system does not list it (yet)", "[net]") {
  auto const [bound, listed] = GENERATE(table<char const*, char const*>({
      {"10.0.0.23", "10.0.0.23"},
      {"192.168.50.1", "192.168.50.1"},
      {"::ffff:192.168.8.10", "192.168.8.10"},
      {"2001:db8::10", "2001:db8::10"},
  }));
  CAPTURE(bound);
  auto const found = reachable_addresses(laptop, boost::asio::ip::make_address(bound));
  CHECK(found.reason == Reason::none);
  CHECK(found.addresses == std::vector<std::string>{listed});
}

TEST_CASE("Bound to a loopback address, none is listed: only this machine can connect", "[net]") {
  auto const bound = GENERATE("127.0.0.1", "127.0.1.1", "::1", "::ffff:127.0.0.1");
  CAPTURE(bound);
  auto const found = reachable_addresses(laptop, boost::asio::ip::make_address(bound));
  CHECK(found.addresses.empty());
  CHECK(found.reason == Reason::loopback);
  CHECK(std::string(to_string(found.reason)) == "loopback");
}

TEST_CASE("The system's interface list has the loopback address, and it is never one to share", "[net]") {
  auto const system = local_interfaces();
  auto const lo = std::find_if(system.begin(), system.end(),
                               [](InterfaceAddress const& i) { return i.address.to_string() == "127.0.0.1"; });
  REQUIRE(lo != system.end());
  CHECK(lo->up);
  auto const found = reachable_addresses(system, any_v4);
  CHECK(std::find(found.addresses.begin(), found.addresses.end(), "127.0.0.1") == found.addresses.end());
  CHECK((found.reason == Reason::none) != found.addresses.empty());
}
