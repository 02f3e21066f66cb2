#pragma once
// Planning the tent with the simulator (core/simulator.hpp): a tent's recorded day read from the
// store, for "what if" replays, and the answer to a plan (protocol/plan_json.hpp). The same code
// serves the organiser's Plan page (POST /api/plan) and `massage-tent simulate`.

#include "app/reply.hpp"
#include "core/simulator.hpp"
#include "protocol/plan_json.hpp"
#include "store/event_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace tent::app {

using Offset = std::function<std::int32_t(Millis)>;  // the UTC offset in seconds at a time (local_time.hpp)

// The day `tent` recorded in `store`, its times from the local midnight of its first check-in.
sim::Recorded recorded_day_of(store::EventStore const& store, std::string const& tent, Offset const& offset_s);
// The same from the database file `db`, read from a copy (a running server goes on undisturbed).
sim::Recorded recorded_day_in(std::string const& db, std::string const& tent, Offset const& offset_s);

// Runs the plan (a simulation, or with a goal the staffing search) and writes the answer: the
// result (protocol::result_json) and "elapsed_ms", plus with a goal "staffing" (the shift plan
// found), with a replay "actual" (what happened that day) and "recorded_tables" (its staffing).
nlohmann::json answer_plan(protocol::PlanRequest const& request, sim::Recorded const* recorded);

// Reads and answers a plan off the event loop: a search over shift plans runs a simulation dozens
// of times, and the tent must not wait for it. One plan at a time; the answer comes back on the
// io_context's thread.
class Planner {
public:
  using Done = std::function<void(Reply)>;

  // `db` is the database a replay reads its recorded day from (a copy of it); "" for none.
  Planner(boost::asio::io_context& ioc, std::string db);
  ~Planner();  // waits for a plan in progress
  Planner(Planner const&) = delete;
  Planner& operator=(Planner const&) = delete;

  // Decodes `plan` (with the recorded day of `tent` when it replays one) and answers it, then calls
  // done. False, and nothing runs, while another plan is being worked out.
  bool run(nlohmann::json plan, std::string tent, Done done);

private:
  boost::asio::io_context& ioc_;
  std::string db_;
  std::shared_ptr<std::atomic<bool>> busy_ = std::make_shared<std::atomic<bool>>(false);  // outlives a late answer
  boost::asio::thread_pool worker_{1};
};

}  // namespace tent::app
