// Runners' feedback: the answer after the session from the runner's own status page (cmd::GiveFeedback).

#include "core/limits.hpp"
#include "core/stats.hpp"
#include "core/tent_state.hpp"
#include "tent_fixture.hpp"

using namespace tent;
using tent::test::Scene;

namespace {

cmd::GiveFeedback answer(Bib bib, std::int32_t legs, std::optional<bool> come_back = std::nullopt) {
  auto key = "key-" + bib;  // as Scene::checkin gives it
  return cmd::GiveFeedback{std::move(bib), std::move(key), legs, come_back};
}

// One table with Ana on it; runner "1" served by her a minute ago.
Scene served() {
  Scene s = tent::test::one_on_table();
  REQUIRE(s.run(cmd::Finish{1}).ok());
  s.later(60);
  return s;
}

}  // namespace

TEST_CASE("A runner answers after the session and may change the answer for an hour", "[core][feedback]") {
  Scene s = served();
  auto const first = s.now;
  auto const d = s.run(answer("1", 4));
  REQUIRE(d.ok());
  REQUIRE(d.events.size() == 1);
  auto const& e = std::get<ev::FeedbackGiven>(d.events.front());
  CHECK(e.legs == 4);
  CHECK_FALSE(e.come_back);
  auto const* f = &*s.tent.ticket("1")->feedback;
  CHECK(f->legs == 4);
  CHECK(f->first_at == first);
  CHECK(f->at == first);
  CHECK(s.status("1") == TicketStatus::done);  // an answer changes nothing else
  CHECK(s.tent.check_invariants().empty());

  // A change replaces the answer and keeps the first answer's time.
  s.later(20 * 60);
  REQUIRE(s.run(answer("1", 5, true)).ok());
  f = &*s.tent.ticket("1")->feedback;
  CHECK(f->legs == 5);
  CHECK(f->come_back == std::optional<bool>(true));
  CHECK(f->first_at == first);
  CHECK(f->at == s.now);
  CHECK(s.tent.ticket("1")->feedback->changes == 1);

  // A face without come_back (a second phone knows no earlier answer) keeps the yes.
  auto const face = s.run(answer("1", 4));
  REQUIRE(face.ok());
  CHECK(std::get<ev::FeedbackGiven>(face.events.front()).come_back == std::optional<bool>(true));
  CHECK(s.tent.ticket("1")->feedback->come_back == std::optional<bool>(true));
  REQUIRE(s.run(answer("1", 5, false)).ok());
  CHECK(s.tent.ticket("1")->feedback->come_back == std::optional<bool>(false));
  CHECK(s.tent.ticket("1")->feedback->changes == 3);

  // The same answer again (a double tap, a resend, a face alone on the same legs) stores nothing.
  for (auto const& again : {answer("1", 5, false), answer("1", 5)}) {
    auto const same = s.run(again);
    CHECK(same.ok());
    CHECK(same.events.empty());
  }
  CHECK(s.tent.ticket("1")->feedback->changes == 3);

  // Up to the hour's last millisecond, then never again.
  s.now = first + feedback_window;
  REQUIRE(s.run(answer("1", 3, false)).ok());
  s.now += 1;
  CHECK(s.run(answer("1", 1)).error == Error::feedback_closed);
  CHECK(s.tent.ticket("1")->feedback->legs == 3);
}

TEST_CASE("An answer changed again and again becomes final", "[core][feedback]") {
  Scene s = served();
  REQUIRE(s.run(answer("1", 1)).ok());
  for (std::int32_t i = 0; i < max_feedback_changes; ++i) REQUIRE(s.run(answer("1", i % 2 == 0 ? 2 : 1)).ok());
  CHECK(s.tent.ticket("1")->feedback->changes == max_feedback_changes);
  auto const last = s.tent.ticket("1")->feedback->legs;
  CHECK(s.run(answer("1", 5)).error == Error::feedback_closed);
  CHECK(s.run(answer("1", last)).ok());  // the answer it has is still "taken"
  CHECK(s.tent.ticket("1")->feedback->legs == last);
}

TEST_CASE("Feedback needs the visit's key, a finished session and a face from 1 to 5", "[core][feedback]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.checkin("2").ok());
  CHECK(s.tent.ticket("1")->key == "key-1");

  SECTION("no such runner") { CHECK(s.run(answer("9", 4)).error == Error::unknown_bib); }
  SECTION("called, not yet on the table") { CHECK(s.run(answer("1", 4)).error == Error::not_served); }
  SECTION("waiting") { CHECK(s.run(answer("2", 4)).error == Error::not_served); }
  SECTION("on the table") {
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    CHECK(s.run(answer("1", 4)).error == Error::not_served);
  }
  SECTION("served, but a wrong, missing, longer or shorter key; or another runner's") {
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    REQUIRE(s.run(cmd::Finish{1}).ok());
    for (std::string const key : {"", "key-2", "key-1x", "key-", "KEY-1"})
      CHECK(s.run(cmd::GiveFeedback{"1", key, 4, std::nullopt}).error == Error::wrong_key);
    // The key is checked before anything is said of the session.
    CHECK(s.run(cmd::GiveFeedback{"2", "key-1", 4, std::nullopt}).error == Error::wrong_key);
    for (std::int32_t const legs : {0, -1, 6, 1000}) CHECK(s.run(answer("1", legs)).error == Error::invalid_feedback);
    CHECK_FALSE(s.tent.ticket("1")->feedback);
    for (std::int32_t legs = 1; legs <= feedback_scale; ++legs) CHECK(s.run(answer("1", legs)).ok());
  }
  SECTION("a visit without a key (recorded before keys) cannot be answered for") {
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    REQUIRE(s.run(cmd::Finish{1}).ok());
    Scene t;
    t.open_tables(1);
    REQUIRE(t.run(cmd::CheckIn{"5", {}, {}, {}, cmd::Source::kiosk, ""}).ok());
    REQUIRE(t.run(cmd::Arrive{1}).ok());
    REQUIRE(t.run(cmd::Finish{1}).ok());
    CHECK(t.run(cmd::GiveFeedback{"5", "", 4, std::nullopt}).error == Error::wrong_key);
  }
}

TEST_CASE("A runner sent to medical from the table may answer, one referred at the kiosk may not", "[core][feedback]") {
  Scene s;
  s.open_tables(1);
  REQUIRE(s.checkin("1").ok());
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  REQUIRE(s.run(cmd::Finish{1, Outcome::medical}).ok());
  CHECK(s.run(answer("1", 2)).ok());

  REQUIRE(s.checkin("2", {RedFlag::dizzy_or_confused}).ok());
  CHECK(s.tent.ticket("2")->status == TicketStatus::referred);
  CHECK(s.tent.ticket("2")->key.empty());  // no status page is offered with a referral
  CHECK(s.run(answer("2", 2)).error == Error::wrong_key);
  CHECK(s.tent.check_invariants().empty());
}

TEST_CASE("A new visit has a new key and no answer, and an undone finish drops the answer", "[core][feedback]") {
  Scene s = served();
  REQUIRE(s.run(answer("1", 4)).ok());

  SECTION("undo") {
    Scene u;
    u.open_tables(1);
    REQUIRE(u.checkin("1").ok());
    REQUIRE(u.run(cmd::Arrive{1}).ok());
    REQUIRE(u.run(cmd::Finish{1}).ok());
    REQUIRE(u.run(answer("1", 4)).ok());
    REQUIRE(u.run(cmd::Undo{1}).ok());
    CHECK(u.status("1") == TicketStatus::in_session);
    CHECK_FALSE(u.tent.ticket("1")->feedback);
    CHECK(u.tent.check_invariants().empty());
    CHECK(u.run(answer("1", 4)).error == Error::not_served);
  }
  SECTION("a second visit") {
    Settings settings = s.tent.settings();
    settings.allow_repeats = true;
    REQUIRE(s.run(cmd::UpdateSettings{settings}).ok());
    REQUIRE(s.run(cmd::CheckIn{"1", {}, {}, {}, cmd::Source::kiosk, "second-key"}).ok());
    CHECK(s.tent.ticket("1")->key == "second-key");
    CHECK_FALSE(s.tent.ticket("1")->feedback);
    CHECK(s.run(answer("1", 4)).error == Error::wrong_key);  // the first visit's key no longer answers
    // The first visit's answer stays, with that visit, and still counts.
    REQUIRE(s.tent.earlier_visits().size() == 1);
    auto const& first = s.tent.earlier_visits().front();
    CHECK(first.status == TicketStatus::done);
    CHECK(first.feedback->legs == 4);
    CHECK(compute_stats(s.tent, s.now).feedback.all.count() == 1);
    s.later(3600);
    REQUIRE(s.run(cmd::Tick{}).ok());  // the changeover is long over: the table calls the runner
    REQUIRE(s.status("1") == TicketStatus::called);
    REQUIRE(s.run(cmd::Arrive{1}).ok());
    REQUIRE(s.run(cmd::Finish{1}).ok());
    REQUIRE(s.run(cmd::GiveFeedback{"1", "second-key", 5, true}).ok());
    auto const st = compute_stats(s.tent, s.now);
    CHECK(st.feedback.all.count() == 2);
    CHECK(st.feedback.all.legs == std::array<std::int32_t, feedback_scale>{0, 0, 0, 1, 1});
    CHECK(st.feedback.come_back_yes == 1);
    CHECK(s.tent.check_invariants().empty());
  }
}

TEST_CASE("Feedback and keys survive the state round trip", "[core][feedback]") {
  Scene s = served();
  REQUIRE(s.run(answer("1", 2, false)).ok());
  auto const state = s.tent.state();
  REQUIRE(state.tickets.at("1").feedback);
  CHECK(state.tickets.at("1").key == "key-1");
  auto const restored = Tent::restore(state);
  CHECK(restored.state() == state);
  SECTION("a different answer makes a different state") {
    REQUIRE(s.run(answer("1", 2, true)).ok());
    CHECK_FALSE(s.tent.state() == state);
  }
}

TEST_CASE("Statistics count the answers, over the day and per therapist", "[core][feedback][stats]") {
  Scene s;
  s.open_tables(2);
  REQUIRE(s.run(cmd::SetTherapist{1, "Ana"}).ok());
  REQUIRE(s.run(cmd::SetTherapist{2, "Ben"}).ok());
  // Sessions finished in two quarter hours: 1 and 2 in the first, 3 in the next.
  s.now += bucket_width - s.now % bucket_width + seconds(60);
  auto const quarter = s.now - s.now % bucket_width;
  for (auto const* bib : {"1", "2"}) REQUIRE(s.checkin(bib).ok());
  REQUIRE(s.run(cmd::Arrive{1}).ok());
  REQUIRE(s.run(cmd::Arrive{2}).ok());
  s.later(300);
  REQUIRE(s.run(cmd::Finish{1}).ok());
  REQUIRE(s.run(cmd::Finish{2}).ok());
  s.later(15 * 60);
  REQUIRE(s.run(cmd::Tick{}).ok());  // the changeovers end: both tables are free
  REQUIRE(s.checkin("3").ok());
  REQUIRE(s.tent.ticket("3")->table);
  REQUIRE(s.run(cmd::Arrive{*s.tent.ticket("3")->table}).ok());
  auto const third_table = *s.tent.ticket("3")->table;
  s.later(300);
  REQUIRE(s.run(cmd::Finish{third_table}).ok());
  REQUIRE(s.checkin("4").ok());  // no answer: not counted

  auto none = compute_stats(s.tent, s.now);
  CHECK(none.feedback.all.count() == 0);
  CHECK(none.feedback.all.mean() == 0.0);
  CHECK(none.feedback.by_time.empty());

  s.later(60);
  REQUIRE(s.run(answer("1", 5, true)).ok());
  REQUIRE(s.run(answer("2", 2, false)).ok());
  REQUIRE(s.run(answer("3", 4)).ok());
  auto const st = compute_stats(s.tent, s.now);
  CHECK(st.feedback.all.count() == 3);
  CHECK(st.feedback.all.legs == std::array<std::int32_t, 5>{0, 1, 0, 1, 1});
  CHECK(st.feedback.all.mean() == Approx(11.0 / 3));
  CHECK(st.feedback.come_back_yes == 1);
  CHECK(st.feedback.come_back_no == 1);
  REQUIRE(st.feedback.by_time.size() == 2);
  CHECK(st.feedback.by_time[0].start == quarter);
  CHECK(st.feedback.by_time[0].answers.legs == std::array<std::int32_t, 5>{0, 1, 0, 0, 1});
  CHECK(st.feedback.by_time[1].start == quarter + bucket_width);
  CHECK(st.feedback.by_time[1].answers.count() == 1);
  // Per therapist: Ana served 1 (5), Ben 2 (2); 3 went to whichever table was free.
  auto const& ana = *std::find_if(st.therapists.begin(), st.therapists.end(), [](auto& t) { return t.name == "Ana"; });
  auto const& ben = *std::find_if(st.therapists.begin(), st.therapists.end(), [](auto& t) { return t.name == "Ben"; });
  CHECK(ana.feedback.count() + ben.feedback.count() == 3);
  CHECK(ana.feedback.legs[4] == 1);
  CHECK(ben.feedback.legs[1] == 1);
  CHECK(ana.feedback.legs[3] + ben.feedback.legs[3] == 1);
}

TEST_CASE("A face outside the scale is never counted", "[core][feedback][stats]") {
  Answers a;
  for (std::int32_t face : {0, -1, feedback_scale + 1, 1, feedback_scale}) a.add(face);
  CHECK(a.count() == 2);
  CHECK(a.legs.front() == 1);
  CHECK(a.legs.back() == 1);
  CHECK(a.mean() == Approx(3.0));
}
