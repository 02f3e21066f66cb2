#include "app/replication.hpp"

#include "app/query.hpp"
#include "protocol/errors.hpp"

#include <algorithm>

namespace tent::app {

using nlohmann::json;

namespace {

constexpr Millis follower_kept = 60 * 60 * 1000;

}  // namespace

std::optional<Reply> ReplicationFeed::request(std::optional<std::string> const& since_text,
                                              std::optional<std::string> const& wait_text, std::string const& address,
                                              Millis now, Millis steady, Dispatcher::Done done) {
  auto const since = since_text ? parse_count(*since_text) : std::nullopt;
  if (!since) return error_reply(protocol::invalid_field("since", "the seq the standby holds: 0 or a whole number"));
  auto const wait = wait_text ? parse_count(*wait_text) : std::optional<std::int64_t>(0);
  if (!wait || *wait > max_wait_s)
    return error_reply(
        protocol::invalid_field("wait", "seconds to wait for a new batch: 0 to " + std::to_string(max_wait_s)));

  followers_[address] = {address, *since, now};
  std::erase_if(followers_, [now](auto const& f) { return now - f.second.asked_at > follower_kept; });
  if (*wait == 0 || *since != store_.last_seq() || waiting_.size() >= max_waiting) return answer(*since);
  waiting_.push_back({*since, steady + *wait * 1000, std::move(done)});
  return std::nullopt;
}

void ReplicationFeed::committed() {
  if (waiting_.empty()) return;
  auto const last = store_.last_seq();
  std::vector<Waiting> ready;
  std::erase_if(waiting_, [&](Waiting& w) {
    if (w.since >= last) return false;
    ready.push_back(std::move(w));
    return true;
  });
  for (auto& w : ready) w.done(answer(w.since));
}

void ReplicationFeed::expire(Millis steady, bool all) {
  std::vector<Waiting> over;
  std::erase_if(waiting_, [&](Waiting& w) {
    if (!all && w.until > steady) return false;
    over.push_back(std::move(w));
    return true;
  });
  for (auto& w : over) w.done(answer(w.since));
}

std::optional<Millis> ReplicationFeed::next_expiry() const {
  std::optional<Millis> first;
  for (auto const& w : waiting_)
    if (!first || w.until < *first) first = w.until;
  return first;
}

std::vector<ReplicationFeed::Follower> ReplicationFeed::followers(Millis now) const {
  std::vector<Follower> recent;
  for (auto const& [address, f] : followers_)
    if (now - f.asked_at <= follower_kept) recent.push_back(f);
  std::sort(recent.begin(), recent.end(), [](auto const& a, auto const& b) { return a.asked_at > b.asked_at; });
  return recent;
}

Reply ReplicationFeed::answer(std::int64_t since) const {
  json batches = json::array();
  for (auto& b : store_.read_after(since, max_bytes, max_batches))
    batches.push_back({{"seq", b.seq}, {"at", b.at}, {"events", std::move(b.events)}, {"tent", std::move(b.tent)}});
  json meta = json::object();
  for (auto& [key, value] : store_.all_meta())
    if (key != store::EventStore::database_id_key) meta[key] = std::move(value);
  return Reply{200,
               {{"database", store_.database_id()},
                {"last_seq", store_.last_seq()},
                {"batches", std::move(batches)},
                {"meta", std::move(meta)}}};
}

}  // namespace tent::app
