#include "protocol/names.hpp"

#include <catch2/catch.hpp>

using namespace tent;
using protocol::parse;
using protocol::to_string;

TEST_CASE("Wire names are the documented snake_case strings", "[protocol]") {
  CHECK(to_string(Area::glutes_hips) == "glutes_hips");
  CHECK(to_string(Area::it_band) == "it_band");
  CHECK(to_string(RedFlag::dizzy_or_confused) == "dizzy_or_confused");
  CHECK(to_string(TableState::on_break) == "break");
  CHECK(to_string(TableState::in_session) == "in_session");
  CHECK(to_string(TicketStatus::walked_out) == "walked_out");
  CHECK(to_string(TicketStatus::no_show) == "no_show");
  CHECK(to_string(NoShowPolicy::requeue_once) == "requeue_once");
  CHECK(to_string(Error::already_queued) == "already_queued");
  CHECK(to_string(Error::too_many_tables) == "too_many_tables");
  CHECK(to_string(Area::invalid) == "invalid");
}

template <typename Enum>
void check_round_trip(int first, int last) {
  for (int i = first; i <= last; ++i) {
    auto const value = static_cast<Enum>(i);
    INFO(to_string(value));
    CHECK(parse<Enum>(to_string(value)) == value);
    CHECK(nlohmann::json(value).template get<Enum>() == value);
  }
}

TEST_CASE("Every enum value parses back from its wire name", "[protocol]") {
  check_round_trip<Area>(1, static_cast<int>(Area::shoulders));
  check_round_trip<RedFlag>(1, static_cast<int>(RedFlag::too_hot_or_cold));
  check_round_trip<TableState>(1, static_cast<int>(TableState::on_break));
  check_round_trip<TicketStatus>(1, static_cast<int>(TicketStatus::no_show));
  check_round_trip<NoShowPolicy>(1, static_cast<int>(NoShowPolicy::drop));
  check_round_trip<Error>(1, static_cast<int>(Error::invalid_language));
}

TEST_CASE("Unknown wire names parse as the invalid value", "[protocol]") {
  CHECK(parse<Area>("knees") == Area::invalid);
  CHECK(parse<Area>("Calves") == Area::invalid);
  CHECK(parse<Area>("") == Area::invalid);
  CHECK(parse<RedFlag>("headache") == RedFlag::invalid);
  CHECK(parse<TableState>("on_break") == TableState::invalid);
  CHECK(parse<TicketStatus>("gone") == TicketStatus::invalid);
  CHECK(parse<NoShowPolicy>("forgive") == NoShowPolicy::invalid);
  CHECK(parse<Error>("oops") == Error::none);
  CHECK(nlohmann::json(42).get<Area>() == Area::invalid);
}
