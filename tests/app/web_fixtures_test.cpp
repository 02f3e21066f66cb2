// The server's own output as fixtures for the pages' unit tests (tests/web/, node's test runner):
//
//   tests/fixtures/frames.json     random tents through the real dispatcher: for each audience, the
//                                  snapshot a client starts from, then every update frame with the
//                                  snapshot the server would send right after it;
//   tests/fixtures/estimates.json  the eta a frame carries at a moment, with every waiting runner's
//                                  position and the server's `estimated_wait_s` (their ticket) then,
//                                  and whether the kiosk would refuse a new arrival (`line_closed`)
//                                  at closing times either side of the boundary.
//
// Committed, and checked here against what the server produces now; after an intended change:
//   TENT_UPDATE_FIXTURES=1 ctest --test-dir build -R fixtures

#include "app/dispatcher.hpp"
#include "fixture_file.hpp"

#include <catch2/catch.hpp>

#include <random>

using nlohmann::json;
using namespace tent;

namespace {

constexpr unsigned seeds[] = {1, 2, 3};
constexpr int frames_per_seed = 100;
constexpr Millis start = 1'795'000'000'000;

json roster(int edition) {
  json entries = json::array();
  for (int b = 0; b < 30; ++b) {
    entries.push_back({{"bib", std::to_string(b)},
                       {"first_name", "Runner" + std::to_string(b)},
                       {"last_name", "Edition" + std::to_string(edition)},
                       {"category", b % 5 == 0 ? "Elite" : "Open"}});
  }
  return {{"entries", entries}};
}

// One random tent: every frame the dispatcher publishes, each with both audiences' snapshots
// just after it, and the server's quotes at each moment.
struct Run {
  explicit Run(unsigned seed) : rng(seed), dispatcher(store, [this](app::Frame const& f) { published.push_back(f); }) {
    for (auto audience : {app::Audience::public_, app::Audience::staff})
      headers[index(audience)] = {{"seed", seed},
                                  {"audience", audience == app::Audience::staff ? "staff" : "public"},
                                  {"snapshot", app::snapshot_view(dispatcher.tent(), 0, now, audience)}};
  }

  static int index(app::Audience a) { return a == app::Audience::staff ? 1 : 0; }
  int pick(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }
  std::string bib() { return std::to_string(pick(30)); }

  // Runs one op (or only time passing) and records the frame it published, if any.
  void act(std::string const& op, json params, auth::Role role) {
    auto const before = published.size();
    if (!op.empty())
      dispatcher.execute(op, params, role, now);
    else {
      dispatcher.submit_tick(now);
      dispatcher.flush();
    }
    REQUIRE(published.size() <= before + 1);
    if (published.size() == before) return;
    auto const& f = published.back();
    auto const at = json::parse(f.public_message.payload()).at("at").get<Millis>();
    for (auto audience : {app::Audience::public_, app::Audience::staff}) {
      auto const& message = audience == app::Audience::staff ? f.staff_message : f.public_message;
      steps[index(audience)].push_back(json{{"frame", json::parse(message.payload())},
                                            {"snapshot", app::snapshot_view(dispatcher.tent(), f.seq, at, audience)}}
                                           .dump());
    }
  }

  // The eta a client holds at `now` and what the server quotes each waiting runner then; and
  // whether the kiosk would refuse a new arrival (`line_closed`) at closing times either side of
  // the last one that still admits them.
  void quote() {
    auto const& tent = dispatcher.tent();
    json waits = json::array();
    for (auto const& b : tent.queue().bibs()) {
      auto const ticket = dispatcher.ticket({}, b, now, app::Audience::public_).body.at("ticket");
      waits.push_back({ticket.at("position"), ticket.at("estimated_wait_s")});
    }
    auto const e = eta(tent, now);
    auto const wait = wait_for(e, static_cast<std::int32_t>(tent.queue().size()) + 1);
    auto const last = wait ? now + *wait + e.walk + e.session : now + seconds(3600);
    json closing = json::array();
    for (Millis at : {last - 1, last}) {
      Tent t = tent;
      auto settings = t.settings();
      settings.closing_at = at;
      t.apply(Batch{now, {ev::SettingsChanged{settings}}});
      auto const d = t.decide(cmd::CheckIn{"999", {}, {}, "", cmd::Source::kiosk, {}}, now);
      REQUIRE((d.error == Error::none || d.error == Error::line_closed));
      closing.push_back({at, d.error == Error::line_closed});
    }
    quotes.push_back(json{{"now", now}, {"eta", app::eta_view(e)}, {"waits", waits}, {"closing", closing}}.dump());
  }

  void setup() {
    act("roster", roster(1), auth::Role::organiser);
    act("settings", {{"priority_category", "elite"}}, auth::Role::organiser);
    for (int i = 1; i <= 4; ++i) act("table_create", {{"name", "T" + std::to_string(i)}}, auth::Role::organiser);
    // Runners waiting before any table opens: no estimate yet.
    for (auto const* b : {"1", "2", "3"}) act("checkin", {{"bib", b}}, auth::Role::kiosk);
    quote();
    for (int i = 1; i <= 4; ++i) act("open", {{"table", i}}, auth::Role::organiser);
  }

  void step() {
    now += pick(40'000);
    auto const volunteer = auth::Role::volunteer, organiser = auth::Role::organiser;
    json const table = pick(static_cast<int>(dispatcher.tent().tables().size())) + 1;
    auto const open_referrals = dispatcher.tent().referrals().unacknowledged();
    auto const referred =
        open_referrals.empty()
            ? bib()
            : open_referrals[static_cast<std::size_t>(pick(static_cast<int>(open_referrals.size())))]->bib;
    static constexpr char const* areas[] = {"calves", "quads", "feet", "lower_back"};
    static constexpr char const* table_ops[] = {"arrived", "finish", "ready",  "no_show", "undo", "break",
                                                "resume",  "call",   "recall", "close",   "open"};
    switch (pick(20)) {
      case 0:
      case 1:
      case 2:
        act("checkin", {{"bib", bib()}, {"areas", {areas[pick(4)]}}}, auth::Role::kiosk);
        break;
      case 3:
        act("checkin", {{"bib", bib()}, {"triage", {{"dizzy_or_confused", true}}}}, auth::Role::kiosk);
        break;
      case 4:
        act("add_runner", {{"bib", bib()}}, volunteer);
        break;
      case 5:
        act("priority", {{"bib", bib()}, {"on", pick(2) == 0}}, volunteer);
        break;
      case 6:
        act("move", {{"bib", bib()}, {"position", pick(6) + 1}}, volunteer);
        break;
      case 7: {
        auto const op = pick(2) ? "remove" : "leave";  // drawn before the bib: arguments have no order
        act(op, {{"bib", bib()}}, volunteer);
        break;
      }
      case 8:
        act(pick(2) ? "ack_referral" : "clear_referral", {{"bib", referred}}, volunteer);
        break;
      case 9:
        act("finish", {{"table", table}, {"outcome", pick(3) ? "served" : "medical"}}, volunteer);
        break;
      case 10:
        if (pick(2)) {
          act("therapist", {{"table", table}, {"name", "Therapist " + std::to_string(pick(9))}}, volunteer);
        } else {  // a session record for the table's last finished runner, as the console's prompt sends it
          auto const& last = dispatcher.tent().table(table.get<TableId>())->last;
          bool const finished = last.kind == UndoRecord::Kind::finished;
          act("record",
              {{"bib", finished ? last.bib : bib()},
               {"areas", {areas[pick(4)]}},
               {"outcome", finished && last.medical ? "sent_to_medical" : "fine"},
               {"note", "note " + std::to_string(pick(99))}},
              volunteer);
        }
        break;
      case 11:
        switch (pick(7)) {
          case 0:
            act("settings", {{"session_target_s", 300 + 60 * pick(10)}, {"changeover_s", 30 * pick(4)}}, organiser);
            break;
          case 1:
            act("settings",
                {{"tent_name", "Tent " + std::to_string(pick(9))}, {"medical_directions", "Behind the finish"}},
                organiser);
            break;
          case 2:
            act("announce", {{"text", pick(3) ? "Water at the exit " + std::to_string(pick(99)) : ""}}, organiser);
            break;
          case 3:
            act("table_rename", {{"table", table}, {"name", "Couch " + std::to_string(pick(99))}}, volunteer);
            break;
          case 4:
            if (dispatcher.tent().tables().size() < 6) act("table_create", {{"name", "Extra"}}, volunteer);
            break;
          case 5:
            act("roster", roster(pick(3) + 1), organiser);
            break;
          default:  // every table that can takes a break: often none is left serving
            for (auto const& t : dispatcher.tent().tables()) act("break", {{"table", t.id}}, volunteer);
            break;
        }
        break;
      default:
        act(table_ops[pick(11)], {{"table", table}}, volunteer);
        break;
    }
    act("", {}, auth::Role::none);
    quote();
  }

  std::mt19937 rng;
  store::EventStore store{":memory:"};
  std::vector<app::Frame> published;
  app::Dispatcher dispatcher;
  Millis now = start;
  json headers[2];  // per audience: seed, audience and the snapshot the client starts from
  std::vector<std::string> steps[2];
  std::vector<std::string> quotes;
};

// A JSON array written one element per line, so a changed fixture reads well in a diff.
std::string lines(std::vector<std::string> const& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ",\n" : "\n") + items[i];
  return out + "\n]";
}

// The three random tents, each up to frames_per_seed frames.
std::vector<std::unique_ptr<Run>> random_tents() {
  std::vector<std::unique_ptr<Run>> out;
  for (auto seed : seeds) {
    auto run = std::make_unique<Run>(seed);
    run->setup();
    while (run->steps[0].size() < static_cast<std::size_t>(frames_per_seed)) run->step();
    out.push_back(std::move(run));
  }
  return out;
}

}  // namespace

TEST_CASE("The pages' frame fixtures hold the frames and snapshots the server produces now", "[app][fixtures]") {
  std::vector<std::string> runs;
  for (auto const& run : random_tents()) {
    for (int a = 0; a < 2; ++a) {
      auto text = run->headers[a].dump();
      text.pop_back();  // the closing brace: the steps follow, one a line
      runs.push_back(text + ",\"steps\":" + lines(run->steps[a]) + "}");
    }
  }
  tent::app::test::check_or_update_fixture("frames.json", lines(runs) + "\n");
}

TEST_CASE("The pages' estimate fixtures hold the waits the server quotes now", "[app][fixtures]") {
  std::vector<std::string> cases;
  for (auto const& run : random_tents()) cases.insert(cases.end(), run->quotes.begin(), run->quotes.end());
  tent::app::test::check_or_update_fixture("estimates.json", lines(cases) + "\n");
}
