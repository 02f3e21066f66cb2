// WebSocket sessions on several threads: the server in these tests runs its sessions on two
// io_contexts (live_server.hpp), the application's and one more.

#include "clients.hpp"
#include "live_server.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using namespace tent::net;
using namespace tent::net::test;

TEST_CASE("Sessions are spread over the socket threads while the handler runs only on the application's thread",
          "[net][threads]") {
  LiveServer server;
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<WsClient>(ioc, server.port()));
    clients.back()->read();  // hello
  }
  for (int i = 0; i < 4; ++i) clients[static_cast<std::size_t>(i)]->write("echo " + std::to_string(i));
  for (int i = 0; i < 4; ++i) CHECK(clients[static_cast<std::size_t>(i)]->read() == "echo " + std::to_string(i));
  clients.clear();
  REQUIRE(server.handler().wait_until([&] { return server.handler().closes.size() == 4; }));
  std::set<std::size_t> shards;
  {
    std::lock_guard lock(server.handler().mutex());
    for (auto const& [id, shard] : server.handler().shard_of) shards.insert(shard);
  }
  CHECK(shards == std::set<std::size_t>{0, 1});
  CHECK(server.handler().off_thread.load() == 0);
}

TEST_CASE("A broadcast written in slices reaches every session in order, and a reply sent after it follows its frame",
          "[net][threads]") {
  Options options;
  options.ws_broadcast_slice = 2;  // nine sessions: several slices on each thread
  LiveServer server(options);
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 9; ++i) {
    clients.push_back(std::make_unique<WsClient>(ioc, server.port()));
    clients.back()->read();  // hello
  }
  REQUIRE(server.on_server([&] { return server.handler().hub.size(); }) == 9);
  auto& sender = *clients.back();
  for (int f = 1; f <= 5; ++f) sender.write("reply-after:F" + std::to_string(f));

  std::vector<std::string> expected_sender;
  for (int f = 1; f <= 5; ++f) {
    expected_sender.push_back("F" + std::to_string(f));
    expected_sender.push_back("after F" + std::to_string(f));
  }
  std::vector<std::string> got;
  for (std::size_t n = 0; n < expected_sender.size(); ++n) got.push_back(sender.read());
  CHECK(got == expected_sender);
  for (std::size_t c = 0; c + 1 < clients.size(); ++c)
    for (int f = 1; f <= 5; ++f) CHECK(clients[c]->read() == "F" + std::to_string(f));
  CHECK(server.handler().off_thread.load() == 0);
}
