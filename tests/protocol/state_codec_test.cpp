// The snapshot format: a state comes back exactly, and anything else (another format, a damaged or
// truncated snapshot, contents that do not parse) is refused with SnapshotError, never misread.

#include "protocol/state_codec.hpp"

#include "../core/random_command.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>

using namespace tent;
using protocol::decode_state;
using protocol::encode_state;
using protocol::SnapshotError;

namespace {

TentState random_state(unsigned seed, int steps) {
  std::mt19937 rng(seed);
  Tent tent;
  Millis now = 1'700'000'000'000;
  TableId last_table = 1;
  for (int step = 0; step < steps; ++step) {
    now += static_cast<Millis>(rng() % 90'000);
    auto const command = test::random_command(rng, tent, last_table);
    auto const d = tent.decide(command, now);
    if (!d.ok()) continue;
    std::visit(
        [&](auto const& c) {
          if constexpr (requires { c.table; }) last_table = c.table;
        },
        command);
    if (!d.events.empty()) tent.apply(Batch{now, d.events});
  }
  auto s = tent.state();
  // Fields the random commands never set.
  s.roster["101"] = RosterEntry{"101", "Zoë", "Ng", "marathon"};
  s.settings.refused_categories = {"5k", "10k"};
  s.settings.closing_at = now + seconds(3600);
  s.settings.priority_category = "elite";
  s.announcement = "Water at the exit — drink up";
  return s;
}

// The format's checksum: FNV-1a over little-endian 64-bit words, the tail byte by byte.
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * 1099511628211ull;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
  return h;
}

// A snapshot of `payload` with a correct header and checksum: only the payload's own checks can refuse it.
std::string framed(std::string_view payload) {
  std::string out = "MTSN";
  std::uint32_t const format = protocol::snapshot_format;
  std::uint64_t const length = payload.size();
  out.append(reinterpret_cast<char const*>(&format), 4);
  out.append(reinterpret_cast<char const*>(&length), 8);
  out.append(payload);
  auto const sum = checksum(payload);
  out.append(reinterpret_cast<char const*>(&sum), 8);
  return out;
}

constexpr std::size_t header = 16, trailer = 8;

}  // namespace

TEST_CASE("A state decodes to exactly the state that was encoded", "[protocol]") {
  auto const seed = GENERATE(range(1u, 11u));
  auto const state = random_state(seed, 1200);
  REQUIRE(!state.history.waits_ms.empty());
  REQUIRE(!state.referrals.all().empty());
  auto const bytes = encode_state(state);
  CHECK(decode_state(bytes) == state);
  CHECK(encode_state(decode_state(bytes)).size() == bytes.size());
}

TEST_CASE("Session records round-trip, and a format-2 snapshot (before them) still decodes", "[protocol][records]") {
  auto state = random_state(11, 1200);
  auto const recorded = std::count_if(state.tickets.begin(), state.tickets.end(),
                                      [](auto const& entry) { return entry.second.record.has_value(); });
  REQUIRE(recorded > 0);  // the random commands record sessions
  // One record with every field away from its default.
  auto& ticket = state.tickets.begin()->second;
  ticket.record = SessionRecord{{Area::shoulders, Area::it_band},
                                SessionOutcome::stopped_early,
                                "stopped: felt faint — Zoë",
                                "Jo",
                                1'700'000'123'456};
  CHECK(decode_state(encode_state(state)) == state);

  SECTION("with a record") { CHECK(decode_state(encode_state(state)).tickets.at(ticket.bib).record == ticket.record); }
  SECTION("with a key and an answer") {
    auto const answered = std::count_if(state.tickets.begin(), state.tickets.end(),
                                        [](auto const& entry) { return entry.second.feedback.has_value(); });
    CHECK(answered > 0);  // the random commands answer for runners too
    ticket.key = "k7m2wq9xhr4d";
    ticket.feedback = Feedback{2, false, 1'700'000'100'000, 1'700'000'200'000, 3};
    auto const back = decode_state(encode_state(state));
    CHECK(back.tickets.at(ticket.bib).key == "k7m2wq9xhr4d");
    CHECK(back.tickets.at(ticket.bib).feedback == ticket.feedback);
    CHECK(back == state);
  }
  SECTION("with earlier visits") {
    CHECK_FALSE(state.earlier_visits.empty());  // the random commands check runners in again
    auto earlier = ticket;
    earlier.checked_in_at -= 3'600'000;
    state.earlier_visits.push_back(earlier);
    auto const back = decode_state(encode_state(state));
    CHECK(back.earlier_visits == state.earlier_visits);
    CHECK(back == state);
  }
  SECTION("format 5 (before shifts counted referrals from the table) is refused: the log is replayed instead") {
    auto bytes = encode_state(state);
    std::uint32_t const five = 5;
    std::memcpy(bytes.data() + 4, &five, 4);
    CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format 5"));
  }
  SECTION("format 4 (before earlier visits) is refused: the log is replayed instead") {
    auto bytes = encode_state(state);
    std::uint32_t const four = 4;
    std::memcpy(bytes.data() + 4, &four, 4);
    CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format 4"));
  }
  SECTION("format 3 (before keys and answers) is refused: the log is replayed instead") {
    auto bytes = encode_state(state);
    std::uint32_t const three = 3;
    std::memcpy(bytes.data() + 4, &three, 4);
    CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format 3"));
  }
  SECTION("format 2 (before records and shifts) is refused: the log is replayed instead") {
    auto bytes = encode_state(state);
    std::uint32_t const two = 2;
    std::memcpy(bytes.data() + 4, &two, 4);
    CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format 2"));
  }
  SECTION("format 1 is refused") {
    auto bytes = encode_state(state);
    std::uint32_t const one = 1;
    std::memcpy(bytes.data() + 4, &one, 4);
    CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format 1"));
  }
}

TEST_CASE("An empty tent's state round-trips", "[protocol]") {
  CHECK(decode_state(encode_state(Tent{}.state())) == Tent{}.state());
}

TEST_CASE("A snapshot of another format is refused and says which format it is", "[protocol]") {
  auto bytes = encode_state(random_state(3, 300));
  std::uint32_t const other = protocol::snapshot_format + 1;
  std::memcpy(bytes.data() + 4, &other, 4);
  CHECK_THROWS_WITH(decode_state(bytes), Catch::Contains("snapshot format " + std::to_string(other)));
}

TEST_CASE("A damaged snapshot is refused, whichever byte is wrong", "[protocol]") {
  auto const good = encode_state(random_state(5, 400));
  CHECK_THROWS_AS(decode_state(""), SnapshotError);
  CHECK_THROWS_AS(decode_state("not a snapshot at all, just some text"), SnapshotError);
  for (std::size_t i = 0; i < good.size(); i += 1 + good.size() / 997) {
    auto bytes = good;
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    INFO("byte " << i << " of " << good.size());
    CHECK_THROWS_AS(decode_state(bytes), SnapshotError);
  }
  for (std::size_t n = 0; n < good.size(); n += 1 + good.size() / 499) {
    INFO("truncated to " << n);
    CHECK_THROWS_AS(decode_state(good.substr(0, n)), SnapshotError);
  }
}

TEST_CASE("Contents that do not parse are refused even when the checksum matches", "[protocol]") {
  auto const good = encode_state(random_state(7, 400));
  auto const payload = good.substr(header, good.size() - header - trailer);
  REQUIRE_NOTHROW(decode_state(framed(payload)));
  SECTION("a payload cut short") {
    for (std::size_t n = 0; n < payload.size(); n += 1 + payload.size() / 499) {
      INFO("payload cut to " << n);
      CHECK_THROWS_AS(decode_state(framed(payload.substr(0, n))), SnapshotError);
    }
  }
  SECTION("bytes after the state") { CHECK_THROWS_AS(decode_state(framed(payload + "x")), SnapshotError); }
  SECTION("a count larger than the snapshot") {
    auto bad = payload;
    std::uint64_t const huge = std::uint64_t{1} << 60;
    std::memcpy(bad.data(), &huge, 8);  // the tent name's length comes first
    CHECK_THROWS_WITH(decode_state(framed(bad)), Catch::Contains("count past the end"));
  }
  SECTION("an enum out of range") {
    // Settings: name (8 + n), session target, call timeout, changeover (4 each), auto_assign (1), then the policy.
    std::uint64_t name_length = 0;
    std::memcpy(&name_length, payload.data(), 8);
    auto bad = payload;
    bad[8 + name_length + 12 + 1] = 9;
    CHECK_THROWS_WITH(decode_state(framed(bad)), Catch::Contains("enum out of range"));
  }
  SECTION("a bool that is neither 0 nor 1") {
    std::uint64_t name_length = 0;
    std::memcpy(&name_length, payload.data(), 8);
    auto bad = payload;
    bad[8 + name_length + 12] = 2;
    CHECK_THROWS_WITH(decode_state(framed(bad)), Catch::Contains("bad bool"));
  }
}
