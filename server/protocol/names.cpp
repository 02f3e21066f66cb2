#include "protocol/names.hpp"

namespace tent::protocol {

namespace {

template <typename Enum>
std::string name_of(Enum value) {
  return nlohmann::json(value).get<std::string>();
}

}  // namespace

std::string to_string(Area value) { return name_of(value); }
std::string to_string(RedFlag value) { return name_of(value); }
std::string to_string(TableState value) { return name_of(value); }
std::string to_string(TicketStatus value) { return name_of(value); }
std::string to_string(NoShowPolicy value) { return name_of(value); }
std::string to_string(Outcome value) { return name_of(value); }
std::string to_string(SessionOutcome value) { return name_of(value); }
std::string to_string(Error value) { return name_of(value); }

template <typename Enum>
Enum parse(std::string_view text) {
  // The generated from_json maps any unknown string to the first (invalid) entry; it never throws.
  return nlohmann::json(std::string(text)).get<Enum>();
}

template Area parse<Area>(std::string_view);
template RedFlag parse<RedFlag>(std::string_view);
template TableState parse<TableState>(std::string_view);
template TicketStatus parse<TicketStatus>(std::string_view);
template NoShowPolicy parse<NoShowPolicy>(std::string_view);
template Outcome parse<Outcome>(std::string_view);
template SessionOutcome parse<SessionOutcome>(std::string_view);
template Error parse<Error>(std::string_view);

}  // namespace tent::protocol
