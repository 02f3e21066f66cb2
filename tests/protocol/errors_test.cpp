#include "protocol/errors.hpp"

#include "protocol/names.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace tent;
using protocol::parse_body;
using protocol::wire_error;

TEST_CASE("Each core refusal has its documented HTTP status", "[protocol]") {
  auto [error, status] = GENERATE(table<Error, int>({
      {Error::invalid_bib, 422},         {Error::invalid_name, 422},
      {Error::invalid_setting, 422},     {Error::invalid_roster, 422},
      {Error::bad_position, 422},        {Error::too_many_tables, 422},
      {Error::not_on_roster, 422},       {Error::category_refused, 422},
      {Error::line_closed, 422},         {Error::already_queued, 409},
      {Error::already_served, 409},      {Error::unknown_bib, 404},
      {Error::unknown_table, 404},       {Error::table_busy, 409},
      {Error::wrong_table_state, 409},   {Error::call_not_overdue, 409},
      {Error::queue_empty, 409},         {Error::nothing_to_undo, 409},
      {Error::undo_expired, 409},        {Error::undo_unsafe, 409},
      {Error::not_waiting, 409},         {Error::referred, 409},
      {Error::not_referred, 409},        {Error::stale, 409},
      {Error::request_id_conflict, 409}, {Error::text_too_long, 422},
      {Error::invalid_language, 422},
  }));
  auto const w = wire_error(error);
  CHECK(w.status == status);
  CHECK(w.code == protocol::to_string(error));
  CHECK(w.message.size() > 10);
}

TEST_CASE("Every core refusal has its own message", "[protocol]") {
  std::set<std::string> messages;
  int const last = static_cast<int>(Error::invalid_language);
  for (int i = 1; i <= last; ++i) messages.insert(wire_error(static_cast<Error>(i)).message);
  CHECK(messages.size() == static_cast<std::size_t>(last));
  CHECK(wire_error(Error::already_served).message == "This bib has already had a massage today.");
  CHECK(wire_error(Error::referred).message.rfind("Please see a volunteer", 0) == 0);
}

TEST_CASE("Asking for the wire form of no error gives a visible 500", "[protocol]") {
  auto const w = wire_error(Error::none);
  CHECK(w.status == 500);
  CHECK(w.code == "internal_error");
}

TEST_CASE("Decoder errors have their statuses and name what was wrong", "[protocol]") {
  CHECK(protocol::bad_json().status == 400);
  CHECK(protocol::bad_json().code == "bad_json");
  CHECK(protocol::unknown_op("dance").status == 400);
  CHECK_THAT(protocol::unknown_op("dance").message, Catch::Contains("dance"));
  CHECK(protocol::missing_field("bib").status == 422);
  CHECK_THAT(protocol::missing_field("bib").message, Catch::Contains("bib"));
  CHECK(protocol::invalid_field("table", "a number").status == 422);
  CHECK_THAT(protocol::invalid_field("table", "a number").message, Catch::Contains("table"));
  CHECK_THAT(wire_error(Error::invalid_setting, "changeover_s must be 0..900").message,
             Catch::Contains("changeover_s"));
}

TEST_CASE("Echoed request text is cut to printable ASCII so any error serialises", "[protocol]") {
  std::string const hostile = std::string("\xff\xfe\n<op>") + std::string(100, 'a');
  auto const w = protocol::unknown_op(hostile);
  CHECK(w.message.find('\xff') == std::string::npos);
  CHECK(w.message.find('\n') == std::string::npos);
  CHECK(w.message.size() < 100);
  CHECK_NOTHROW(nlohmann::json(w.message).dump());
}

TEST_CASE("parse_body accepts JSON within the size limit", "[protocol]") {
  auto const j = parse_body(R"({"bib":"12"})", 12);
  REQUIRE(j);
  CHECK(j->at("bib") == "12");
  CHECK(parse_body("[]", 2));
  CHECK(parse_body(" 3 ", 100) == nlohmann::json(3));
}

TEST_CASE("parse_body rejects over-size and malformed input", "[protocol]") {
  CHECK_FALSE(parse_body(R"({"bib":"12"})", 11));
  CHECK_FALSE(parse_body("", 100));
  CHECK_FALSE(parse_body("{", 100));
  CHECK_FALSE(parse_body(R"({"a":1,})", 100));
  CHECK_FALSE(parse_body(R"({"a":1} trailing)", 100));
  CHECK_FALSE(parse_body("{\"a\":\"\xff\"}", 100));
  CHECK_FALSE(parse_body("/* comment */ {}", 100));
  CHECK_FALSE(parse_body(std::string(5000, '['), 4096));
}

TEST_CASE("parse_body survives deep nesting within the size limit", "[protocol]") {
  std::string const deep = std::string(20000, '[') + std::string(20000, ']');
  auto const j = parse_body(deep, deep.size());
  REQUIRE(j);
  CHECK(j->is_array());
}
