#include "protocol/decode.hpp"

#include "core/limits.hpp"
#include "protocol/decode_organiser.hpp"
#include "protocol/names.hpp"
#include "protocol/params.hpp"
#include "protocol/text.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace tent::protocol {

namespace {

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

// record {bib, areas, outcome, note?}: the therapist's record of a finished session.
cmd::RecordSession decode_record(Params const& p) {
  cmd::RecordSession c;
  c.bib = p.bib();
  if (auto const* areas = p.find("areas")) c.areas = decode_areas(*areas);
  std::string const outcome = p.string("outcome");
  c.outcome = parse<SessionOutcome>(outcome);
  if (c.outcome == SessionOutcome::invalid)
    throw Refusal{invalid_field("outcome", "one of fine, cramp_eased, stopped_early, sent_to_medical")};
  if (auto note = p.optional_string("note")) {
    std::string_view const text = trim(*note);
    if (text_length(text) > max_text_length) throw Refusal{wire_error(Error::text_too_long, "note")};
    if (has_control(text)) {
      throw Refusal{invalid_field("note", "one line of at most " + std::to_string(max_text_length) + " characters")};
    }
    c.note = std::string(text);
  }
  return c;
}

// feedback {bib, key, legs (1..feedback_scale), come_back? (true or false;
// left out, the earlier answer's)}: the runner's answer.
cmd::GiveFeedback decode_feedback(Params const& p) {
  cmd::GiveFeedback c;
  c.bib = p.bib();
  auto const* key = p.find("key");
  if (key && key->is_string()) c.key = key->get<std::string>();  // anything else is no key: wrong_key
  auto const* legs = p.find("legs");
  if (!legs || !legs->is_number_integer() || legs->get<std::int64_t>() < 1 ||
      legs->get<std::int64_t>() > feedback_scale)
    throw Refusal{wire_error(Error::invalid_feedback, "legs")};
  c.legs = legs->get<std::int32_t>();
  if (auto const* come_back = p.find("come_back")) {
    if (!come_back->is_boolean()) throw Refusal{wire_error(Error::invalid_feedback, "come_back")};
    c.come_back = come_back->get<bool>();
  }
  return c;
}

// Who acts on a referral, when the client says so ("" leaves it to the dispatcher: the role).
std::string actor(Params const& p) { return p.find("by") ? p.name("by", /*allow_empty=*/true) : std::string{}; }

// The optional `expect` of a table op: {"state": a table state, "bib": the bib on it or null}.
// A missing bib means the same as null: no runner on the table.
Expectation decode_table_expect(nlohmann::json const& value) {
  constexpr std::string_view expected =
      "an object {\"state\": the table's state, \"bib\": the bib on the table or null}";
  if (!value.is_object()) throw Refusal{invalid_field("expect", expected)};
  Params const p(value);
  auto const* state = p.find("state");
  TableState const s =
      state && state->is_string() ? parse<TableState>(state->get_ref<std::string const&>()) : TableState::invalid;
  if (s == TableState::invalid) {
    throw Refusal{invalid_field("expect.state", "one of closed, free, called, in_session, changeover, break")};
  }
  Bib bib;
  if (auto const* raw = p.find("bib")) {
    auto normal = raw->is_string() ? normalise_bib(raw->get_ref<std::string const&>()) : std::nullopt;
    if (!normal) throw Refusal{invalid_field("expect.bib", "a bib (1 to 8 letters or digits) or null")};
    bib = std::move(*normal);
  }
  return Expectation::table(s, std::move(bib));
}

// The optional `expect` of a queue op: {"position": the runner's place, 1 or more}.
Expectation decode_queue_expect(nlohmann::json const& value) {
  if (!value.is_object()) throw Refusal{invalid_field("expect", "an object {\"position\": the runner's place}")};
  auto const* position = Params(value).find("position");
  std::int64_t const n = position && (position->is_number_integer()) ? position->get<std::int64_t>() : 0;
  if (n < 1 || n > std::numeric_limits<std::int32_t>::max()) {
    throw Refusal{invalid_field("expect.position", "the runner's place in the queue (1 or more)")};
  }
  return Expectation::queue(static_cast<std::int32_t>(n));
}

template <typename TableCommand>
Command table_only(Params const& p, Settings const&) {
  return TableCommand{p.table()};
}

template <typename BibCommand>
Command bib_only(Params const& p, Settings const&) {
  return BibCommand{p.bib()};
}

// Which `expect` an op accepts: none, a table's {state, bib} or a queued runner's {position}.
enum class Expects { nothing, table, queue };

struct Op {
  std::string_view name;
  Command (*decode)(Params const&, Settings const&);
  Expects expects = Expects::nothing;
  bool dry_runs = false;  // takes `dry_run`: a check-in decided on the bib alone
};

constexpr std::array op_table = {
    Op{"checkin", [](Params const& p, Settings const&) -> Command { return decode_checkin(p, cmd::Source::kiosk); },
       Expects::nothing, true},
    Op{"leave", &bib_only<cmd::Leave>},
    Op{"add_runner",
       [](Params const& p, Settings const&) -> Command { return decode_checkin(p, cmd::Source::volunteer); },
       Expects::nothing, true},
    Op{"remove", &bib_only<cmd::Remove>, Expects::queue},
    Op{"priority",
       [](Params const& p, Settings const&) -> Command {
         return cmd::SetPriority{p.bib(), p.boolean("on", true)};
       },
       Expects::queue},
    Op{"move",
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         std::int64_t const position = p.integer("position");
         if (position < 1 || position > std::numeric_limits<std::int32_t>::max()) {
           throw Refusal{wire_error(Error::bad_position)};
         }
         return cmd::Move{std::move(bib), static_cast<std::int32_t>(position)};
       },
       Expects::queue},
    // One table by name, or `count` tables named "Table k" (setting up a tent in one step).
    Op{"table_create",
       [](Params const& p, Settings const&) -> Command {
         auto const count = p.optional_integer("count");
         if (!count) return cmd::CreateTable{p.name("name")};
         if (*count < 1 || *count > static_cast<std::int64_t>(max_tables))
           throw Refusal{invalid_field("count", "a whole number from 1 to " + std::to_string(max_tables))};
         if (p.find("name")) {
           if (*count != 1) throw Refusal{invalid_field("count", "1 when a name is given")};
           return cmd::CreateTable{p.name("name")};
         }
         return cmd::CreateTable{{}, static_cast<std::int32_t>(*count)};
       }},
    Op{"table_rename",
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::RenameTable{table, p.name("name")};
       },
       Expects::table},
    Op{"therapist",
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::SetTherapist{table, p.name("name", /*allow_empty=*/true)};
       },
       Expects::table},
    Op{"open", &table_only<cmd::OpenTable>, Expects::table},
    Op{"close", &table_only<cmd::CloseTable>, Expects::table},
    Op{"break", &table_only<cmd::StartBreak>, Expects::table},
    Op{"resume", &table_only<cmd::Resume>, Expects::table},
    Op{"ready", &table_only<cmd::MarkReady>, Expects::table},
    Op{"call",
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         return cmd::Call{table, p.optional_bib()};
       },
       Expects::table},
    Op{"recall", &table_only<cmd::Recall>, Expects::table},
    Op{"arrived", &table_only<cmd::Arrive>, Expects::table},
    Op{"finish",
       [](Params const& p, Settings const&) -> Command {
         TableId const table = p.table();
         auto const outcome = p.optional_string("outcome");
         Outcome const parsed = outcome ? parse<Outcome>(*outcome) : Outcome::served;
         if (parsed == Outcome::invalid) throw Refusal{invalid_field("outcome", "\"served\" or \"medical\"")};
         return cmd::Finish{table, parsed};
       },
       Expects::table},
    Op{"no_show", &table_only<cmd::NoShow>, Expects::table},
    Op{"undo", &table_only<cmd::Undo>, Expects::table},
    Op{"ack_referral",
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         return cmd::AckReferral{std::move(bib), actor(p)};
       }},
    Op{"clear_referral",
       [](Params const& p, Settings const&) -> Command {
         Bib bib = p.bib();
         return cmd::ClearReferral{std::move(bib), actor(p)};
       }},
    Op{"record", [](Params const& p, Settings const&) -> Command { return decode_record(p); }},
    Op{"feedback", [](Params const& p, Settings const&) -> Command { return decode_feedback(p); }},
    Op{"settings", [](Params const& p, Settings const& current) -> Command { return decode_settings(p, current); }},
    Op{"roster", [](Params const& p, Settings const&) -> Command { return decode_roster(p); }},
    Op{"announce", [](Params const& p, Settings const&) -> Command { return decode_announce(p); }},
    Op{"tent_create", [](Params const& p, Settings const&) -> Command { return decode_tent_create(p); }},
};

Op const* find_op(std::string_view name) {
  auto const it = std::find_if(op_table.begin(), op_table.end(), [name](Op const& op) { return op.name == name; });
  return it == op_table.end() ? nullptr : &*it;
}

}  // namespace

Decoded decode(std::string_view op, nlohmann::json const& params, Settings const& current) {
  Op const* spec = find_op(op);
  if (spec == nullptr) return {std::nullopt, unknown_op(op), std::nullopt};
  if (!params.is_object()) return {std::nullopt, bad_json("params must be a JSON object"), std::nullopt};
  try {
    Params const p(params);
    Decoded d{spec->decode(p, current), std::nullopt, std::nullopt};
    if (auto const* expect = p.find("expect")) {
      if (spec->expects == Expects::table) d.expect = decode_table_expect(*expect);
      if (spec->expects == Expects::queue) d.expect = decode_queue_expect(*expect);
    }
    d.dry_run = p.boolean("dry_run", false);
    if (d.dry_run && !spec->dry_runs)
      throw Refusal{invalid_field("dry_run", "left out: only checkin and add_runner take a dry run")};
    return d;
  } catch (Refusal& refusal) {
    return {std::nullopt, std::move(refusal.error), std::nullopt};
  } catch (nlohmann::json::exception const&) {
    // Every read is type-checked first; this is the backstop that keeps decode from throwing.
    return {std::nullopt, bad_json(), std::nullopt};
  }
}

std::vector<std::string_view> ops() {
  std::vector<std::string_view> names;
  names.reserve(op_table.size());
  for (auto const& op : op_table) names.push_back(op.name);
  return names;
}

}  // namespace tent::protocol
