#include "app/planning.hpp"

#include "app/local_time.hpp"
#include "app/temp_folder.hpp"
#include "log/logger.hpp"
#include "protocol/events_json.hpp"
#include "store/backup.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <chrono>

namespace tent::app {

sim::Recorded recorded_day_of(store::EventStore const& store, std::string const& tent, Offset const& offset_s) {
  std::vector<Batch> batches;
  std::optional<Millis> first_check_in;
  store.for_each(0, [&](store::StoredBatch const& stored) {
    if (stored.tent != tent) return;
    Batch batch{stored.at, protocol::decode_events(stored.events)};
    if (!first_check_in)
      for (auto const& e : batch.events)
        if (std::holds_alternative<ev::CheckedIn>(e)) first_check_in = stored.at;
    batches.push_back(std::move(batch));
  });
  if (batches.empty()) return {};
  constexpr Millis day = seconds(86400);
  Millis const at = first_check_in.value_or(batches.front().at);
  Millis const offset = seconds(offset_s(at));
  Millis const midnight = (at + offset) / day * day - offset;
  return sim::recorded_day(batches, midnight);
}

sim::Recorded recorded_day_in(std::string const& db, std::string const& tent, Offset const& offset_s) {
  TempFolder temp;
  auto const copy = (temp.path() / "tent.db").string();
  store::copy_database(db, copy);
  return recorded_day_of(store::EventStore(copy), tent, offset_s);
}

nlohmann::json answer_plan(protocol::PlanRequest const& request, sim::Recorded const* recorded) {
  auto const started = std::chrono::steady_clock::now();
  nlohmann::json out;
  if (request.goal) {
    auto const staffed = sim::fewest_tables(request.plan, *request.goal);
    out = protocol::result_json(staffed.result);
    out["staffing"] = protocol::staffed_json(staffed);
  } else {
    out = protocol::result_json(sim::simulate(request.plan));
  }
  if (request.replay && recorded) {
    out["actual"] = protocol::result_json(recorded->actual);
    out["recorded_tables"] = protocol::shifts_json(recorded->shifts);
  }
  if (request.skipped_finish_times > 0) out["finish_times_skipped"] = request.skipped_finish_times;
  out["elapsed_ms"] =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return out;
}

Planner::Planner(boost::asio::io_context& ioc, std::string db) : ioc_(ioc), db_(std::move(db)) {}

Planner::~Planner() { worker_.join(); }

bool Planner::run(nlohmann::json plan, std::string tent, Done done) {
  if (busy_->exchange(true)) return false;
  auto work = boost::asio::make_work_guard(ioc_);
  boost::asio::post(worker_, [this, work = std::move(work), plan = std::move(plan), tent = std::move(tent),
                              done = std::move(done)]() mutable {
    Reply reply;
    try {
      std::optional<sim::Recorded> recorded;
      if (protocol::plan_replays(plan) && !db_.empty()) recorded = recorded_day_in(db_, tent, machine_offset_s);
      auto const decoded = protocol::decode_plan(plan, recorded ? &*recorded : nullptr);
      reply = decoded.request ? Reply{200, answer_plan(*decoded.request, recorded ? &*recorded : nullptr)}
                              : error_reply(decoded.error);
    } catch (std::exception const& e) {
      log::error("app", std::string("a plan failed: ") + e.what());
      reply = error_reply({500, "internal_error", "The plan could not be worked out."});
    }
    boost::asio::post(ioc_, [busy = busy_, work = std::move(work), reply = std::move(reply), done = std::move(done)] {
      *busy = false;
      done(reply);
    });
  });
  return true;
}

}  // namespace tent::app
