#include "protocol/decode.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "protocol/decode_organiser.hpp"
#include "protocol/names.hpp"
#include "protocol/params.hpp"
#include "protocol/text.hpp"

namespace tent::protocol {

namespace {

using auth::Role;

// Longest request_id a kiosk may send: enough for a UUID with room to spare.
constexpr std::size_t max_request_id_length = 64;

std::vector<Area> decode_areas(nlohmann::json const& value) {
  constexpr std::string_view expected =
      "a list of body areas (calves, hamstrings, quads, glutes_hips, it_band, feet, lower_back, "
      "shoulders)";
  if (!value.is_array()) throw Refusal{invalid_field("areas", expected)};
  std::vector<Area> areas;
  for (auto const& item : value) {
    Area const area = item.is_string() ? parse<Area>(item.get_ref<std::string const&>()) : Area::invalid;
    if (area == Area::invalid) throw Refusal{invalid_field("areas", expected)};
    if (std::find(areas.begin(), areas.end(), area) == areas.end()) areas.push_back(area);
  }
  return areas;
}

// The triage answers as an object of question -> true/false; the result lists the questions
// answered true, in the enum's order whatever the object's order.
std::vector<RedFlag> decode_triage(nlohmann::json const& value) {
  if (!value.is_object()) throw Refusal{invalid_field("triage", "an object of yes/no answers")};
  std::vector<RedFlag> flags;
  for (auto const& [question, answer] : value.items()) {
    std::string const field = "triage." + question;
    RedFlag const flag = parse<RedFlag>(question);
    if (flag == RedFlag::invalid) throw Refusal{invalid_field(field, "a known triage question")};
    if (as_boolean(answer, field)) flags.push_back(flag);
  }
  std::sort(flags.begin(), flags.end());
  return flags;
}

cmd::CheckIn decode_checkin(Params const& p, cmd::Source source) {
  cmd::CheckIn c;
  c.bib = p.bib();
  c.source = source;
  if (auto const* areas = p.find("areas")) c.areas = decode_areas(*areas);
  if (auto const* triage = p.find("triage")) c.red_flags = decode_triage(*triage);
  if (auto id = p.optional_string("request_id")) {
    if (id->size() > max_request_id_length || has_control(*id)) {
      throw Refusal{invalid_field("request_id", "at most 64 characters of plain text")};
    }
    c.request_id = std::move(*id);
  }
  return c;
}

// Who acts on a referral, when the client says so ("" leaves it to the dispatcher: the role).
std::string actor(Params const& p) { return p.find("by") ? p.name("by", /*allow_empty=*/true) : std::string{}; }

template <typename TableCommand>
Command table_only(Params const& p, Settings const&) {
  return TableCommand{p.table()};
}

template <typename BibCommand>
Command bib_only(Params const& p, Settings const&) {
  return BibCommand{p.bib()};
}

struct Op {
  std::string_view name;
  Role role;
  Command (*decode)(Params const&, Settings const&);
};

constexpr std::array op_table = {
    Op{"checkin", Role::kiosk,
       [](Params const& p, Settings const&) -> Command { return decode_checkin(p, cmd::Source::kiosk); }},
    Op{"leave", Role::kiosk, &bib_only<cmd::Leave>},
    Op{"add_runner", Role::volunteer,
       [](Params const& p, Settings const&) -> Command { return decode_checkin(p, cmd::Source::volunteer); }},
    Op{"remove", Role::volunteer, &bib_only<cmd::Remove>},
    Op{"priority", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         return cmd::SetPriority{p.bib(), p.boolean("on", true)};
       }},
    Op{"move", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         std::int64_t const position = p.integer("position");
         if (position < 1 || position > std::numeric_limits<std::int32_t>::max()) {
           throw Refusal{wire_error(Error::bad_position)};
         }
         return cmd::Move{std::move(bib), static_cast<std::int32_t>(position)};
       }},
    Op{"table_create", Role::volunteer,
       [](Params const& p, Settings const&) -> Command { return cmd::CreateTable{p.name("name")}; }},
    Op{"table_rename", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::RenameTable{table, p.name("name")};
       }},
    Op{"therapist", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::SetTherapist{table, p.name("name", /*allow_empty=*/true)};
       }},
    Op{"open", Role::volunteer, &table_only<cmd::OpenTable>},
    Op{"close", Role::volunteer, &table_only<cmd::CloseTable>},
    Op{"break", Role::volunteer, &table_only<cmd::StartBreak>},
    Op{"resume", Role::volunteer, &table_only<cmd::Resume>},
    Op{"ready", Role::volunteer, &table_only<cmd::MarkReady>},
    Op{"call", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::Call{table, p.optional_bib()};
       }},
    Op{"recall", Role::volunteer, &table_only<cmd::Recall>},
    Op{"arrived", Role::volunteer, &table_only<cmd::Arrive>},
    Op{"finish", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         auto const outcome = p.optional_string("outcome");
         Outcome const parsed = outcome ? parse<Outcome>(*outcome) : Outcome::served;
         if (parsed == Outcome::invalid) throw Refusal{invalid_field("outcome", "\"served\" or \"medical\"")};
         return cmd::Finish{table, parsed};
       }},
    Op{"no_show", Role::volunteer, &table_only<cmd::NoShow>},
    Op{"undo", Role::volunteer, &table_only<cmd::Undo>},
    Op{"ack_referral", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         return cmd::AckReferral{std::move(bib), actor(p)};
       }},
    Op{"clear_referral", Role::volunteer,
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         return cmd::ClearReferral{std::move(bib), actor(p)};
       }},
    Op{"settings", Role::organiser,
       [](Params const& p, Settings const& current) -> Command { return decode_settings(p, current); }},
    Op{"roster", Role::organiser,
       [](Params const& p, Settings const&) -> Command { return decode_roster(p); }},
    Op{"announce", Role::organiser,
       [](Params const& p, Settings const&) -> Command { return decode_announce(p); }},
};

Op const* find_op(std::string_view name) {
  auto const it = std::find_if(op_table.begin(), op_table.end(), [name](Op const& op) { return op.name == name; });
  return it == op_table.end() ? nullptr : &*it;
}

}  // namespace

Decoded decode(std::string_view op, nlohmann::json const& params, Settings const& current) {
  Op const* spec = find_op(op);
  if (spec == nullptr) return {std::nullopt, unknown_op(op)};
  if (!params.is_object()) return {std::nullopt, bad_json("params must be a JSON object")};
  try {
    return {spec->decode(Params(params), current), std::nullopt};
  } catch (Refusal& refusal) {
    return {std::nullopt, std::move(refusal.error)};
  } catch (nlohmann::json::exception const&) {
    // Every read is type-checked first; this is the backstop that keeps decode from throwing.
    return {std::nullopt, bad_json()};
  }
}

Role required_role(std::string_view op) {
  Op const* spec = find_op(op);
  return spec == nullptr ? Role::none : spec->role;
}

std::vector<std::string_view> ops() {
  std::vector<std::string_view> names;
  names.reserve(op_table.size());
  for (auto const& op : op_table) names.push_back(op.name);
  return names;
}

}  // namespace tent::protocol
