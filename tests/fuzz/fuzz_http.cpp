// libFuzzer target: raw bytes as one HTTP request, parsed by Beast's request parser with the
// server's own limits, then answered by TentServer::handle (routes, PINs, dispatcher, static files)
// of an in-memory tent, and the response serialised. The tent lives across inputs, as a server does;
// each input comes from its own client address so that PIN lock-outs do not pile up. (No seed sets a
// kiosk key: once set, it would turn every later anonymous request into a refusal.)

#include "app/tent_server.hpp"
#include "fuzz_check.hpp"
#include "net/options.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>

using namespace tent;
namespace http = boost::beast::http;

namespace {

// The PINs are stored as the server stores them, but hashed at Argon2id's cheapest cost: a wrong PIN
// in a mutated request then costs microseconds instead of the real tens of milliseconds.
store::EventStore& with_cheap_pins(store::EventStore& store) {
  store.set_meta("secret.volunteer", auth::hash_secret("1111", auth::cheapest_cost));
  store.set_meta("secret.organiser", auth::hash_secret("222222", auth::cheapest_cost));
  return store;
}

struct World {
  boost::asio::io_context ioc;
  store::EventStore store{":memory:"};
  app::Access access{with_cheap_pins(store), {}};
  Millis now = 1'795'000'000'000;
  app::TentServer server{ioc, store, access, TENT_SOURCE_DIR, [this] { return now += 1'000; }};
  std::uint32_t client = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  static World world;
  net::Options const limits;
  http::request_parser<http::string_body> parser;
  parser.header_limit(limits.header_limit);
  parser.body_limit(limits.body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  auto const used = parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done() && used == size) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;
  auto const request = parser.release();

  ++world.client;
  auto const ip = "10." + std::to_string(world.client >> 16 & 0xff) + "." + std::to_string(world.client >> 8 & 0xff) +
                  "." + std::to_string(world.client & 0xff);
  auto answer = world.server.handle(request, ip);
  std::visit(
      [](auto& response) {
        FUZZ_CHECK(response.result_int() >= 200 && response.result_int() < 600);
        response.prepare_payload();
        std::ostringstream wire;
        if constexpr (std::is_same_v<std::decay_t<decltype(response)>, net::Response>)
          wire << response;
        else
          wire << response.base();  // a file body is written by the transport, straight from disk
        FUZZ_CHECK(!wire.str().empty());
      },
      answer);
  return 0;
}
