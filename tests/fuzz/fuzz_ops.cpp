// libFuzzer target: a script of ops, one per line ("<op> <JSON params>", or "<tent>:<op> <JSON params>"
// for a tent other than the first, which tent_create makes), run as the organiser
// through the one Dispatcher of a fresh in-memory tent: decode -> decide -> commit -> apply -> reply.
// Beyond "no crash, no sanitizer report, no exception", it checks that every reply is a success or
// the error envelope, that every reply serialises, and that the tent rebuilt from the store equals
// the tent in memory.

#include "app/dispatcher.hpp"
#include "fuzz_check.hpp"
#include "net/options.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace tent;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size > 16 * 1024) return 0;
  std::string_view script(reinterpret_cast<char const*>(data), size);
  store::EventStore store(":memory:");
  app::Dispatcher dispatcher(store, nullptr);
  Millis now = 1'795'000'000'000;
  for (int line = 0; line < 64 && !script.empty(); ++line) {
    auto const end = script.find('\n');
    auto const text = script.substr(0, end);
    script = end == std::string_view::npos ? std::string_view{} : script.substr(end + 1);
    auto const space = text.find(' ');
    auto op = text.substr(0, space);
    TentId tent;
    if (auto const colon = op.find(':'); colon != std::string_view::npos) {
      tent = op.substr(0, colon);
      op = op.substr(colon + 1);
    }
    auto const params =
        protocol::parse_body(space == std::string_view::npos ? "{}" : text.substr(space + 1), net::max_message_bytes);
    if (!params) continue;
    now += 7'000;
    if (op == "tick") {  // time passing, as the server's timer does it
      now += 600'000;
      dispatcher.submit_tick(now);
      dispatcher.flush();
      continue;
    }
    auto const reply = dispatcher.execute(tent, op, *params, auth::Role::organiser, now);
    fuzz::check_reply(reply.status, reply.body);
  }
  app::Dispatcher rebuilt(store, nullptr);
  FUZZ_CHECK(rebuilt.seq() == dispatcher.seq());
  FUZZ_CHECK(rebuilt.tents().all().size() == dispatcher.tents().all().size());
  for (auto const& [id, entry] : dispatcher.tents().all()) {
    FUZZ_CHECK(rebuilt.tents().find(id) != nullptr);
    FUZZ_CHECK(app::snapshot_view(rebuilt.tent(id), rebuilt.seq(id), now, app::Audience::staff) ==
               app::snapshot_view(entry.tent, entry.seq, now, app::Audience::staff));
  }
  return 0;
}
