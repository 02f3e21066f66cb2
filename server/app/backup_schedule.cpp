#include "app/backup_schedule.hpp"

#include "app/local_time.hpp"
#include "log/logger.hpp"
#include "store/backup.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <exception>
#include <utility>

namespace tent::app {

BackupSchedule::BackupSchedule(boost::asio::io_context& ioc, std::string db, BackupPlan plan, Clock clock)
    : ioc_(ioc), db_(std::move(db)), plan_(std::move(plan)), clock_(std::move(clock)), timer_(ioc) {}

BackupSchedule::~BackupSchedule() { worker_.join(); }

void BackupSchedule::start() {
  stopped_ = false;
  run_once();
}

void BackupSchedule::stop() {
  stopped_ = true;
  timer_.cancel();
}

void BackupSchedule::schedule_next() {
  if (stopped_) return;
  timer_.expires_after(std::chrono::seconds(plan_.every_s));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec && !stopped_) run_once();
  });
}

void BackupSchedule::run_once() {
  running_ = true;
  Millis const at = clock_();
  boost::asio::post(worker_, [this, at] {
    Outcome o;
    o.at = at;
    auto const began = std::chrono::steady_clock::now();
    try {
      auto const copy = store::back_up_into(db_, plan_.folder, file_stamp(at, machine_offset_s(at)), plan_.keep);
      o.ok = true;
      o.file = copy.file.filename().string();
      o.seq = copy.info.last_seq;
      o.bytes = copy.info.bytes;
    } catch (std::exception const& e) {
      o.error = e.what();
    }
    o.took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
    if (o.ok)
      log::info("backup",
                "copied to " + plan_.folder + "/" + o.file + " (seq " + std::to_string(o.seq) + ", " +
                    std::to_string(o.bytes) + " bytes, " + std::to_string(o.took_ms) + " ms)",
                {{"file", plan_.folder + "/" + o.file}, {"seq", o.seq}, {"bytes", o.bytes}, {"took_ms", o.took_ms}});
    else
      log::error("backup", "copy FAILED: " + o.error, {{"folder", plan_.folder}});
    boost::asio::post(ioc_, [this, o = std::move(o)]() mutable { finished(std::move(o)); });
  });
}

void BackupSchedule::finished(Outcome outcome) {
  running_ = false;
  if (outcome.ok) last_ok_at_ = outcome.at;
  last_ = std::move(outcome);
  schedule_next();
}

nlohmann::json outcome_view(BackupSchedule::Outcome const& o) {
  return {{"at", o.at},       {"ok", o.ok},           {"file", o.file},  {"seq", o.seq},
          {"bytes", o.bytes}, {"took_ms", o.took_ms}, {"error", o.error}};
}

nlohmann::json BackupSchedule::status() const {
  return {{"enabled", true},
          {"folder", plan_.folder},
          {"every_s", plan_.every_s},
          {"keep", plan_.keep},
          {"running", running_},
          {"last", last_ ? outcome_view(*last_) : nlohmann::json()},
          {"last_ok_at", last_ok_at_ ? nlohmann::json(*last_ok_at_) : nlohmann::json()}};
}

}  // namespace tent::app
