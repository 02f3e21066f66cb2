#pragma once
// `massage-tent standby`: a second laptop that keeps a copy of a running server's database. It asks
// the primary's replication feed (GET /api/replication, app/replication.hpp) for the batches after the
// last one it holds, appends them under the same seq, with the primary's meta (hashed PINs, kiosk
// key, the database's identity), each answer in one transaction, and asks again, waiting on the
// primary for the next commit once it has caught up. After a dropped connection it asks again from
// the last batch it committed, so nothing is skipped or copied twice. `serve --db FILE` on the
// standby's file then goes on from the last batch it received.

#include "app/options.hpp"
#include "store/event_store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tent::app {

// The primary's address from --from: http://HOST[:PORT] (port 80 when none), no path beyond "/".
struct PrimaryAddress {
  std::string host, port;
};
std::optional<PrimaryAddress> parse_primary(std::string_view url);

// An answer the standby must not apply: the primary serves another database, holds fewer batches
// than the standby, or answered something that is not a replication answer. what() says which.
class StandbyRefusal : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// What one answer did to the standby's store.
struct Copied {
  std::size_t batches = 0;
  std::int64_t seq = 0;          // the newest batch the standby now holds
  std::int64_t primary_seq = 0;  // the newest the primary held when it answered
};

// Applies one replication answer to the standby's store in one transaction: an empty log takes the
// primary's database identity, a log with batches must already have it; then the batches (each past
// the end of the log, in order) and the meta rows. Throws StandbyRefusal, changing nothing.
Copied copy_answer(store::EventStore& store, nlohmann::json const& answer);

// Runs the standby until SIGINT or SIGTERM (exit 0) or a refusal (exit 1: a wrong PIN, another
// database, a primary without a replication feed). Unreachable primaries are retried every second.
int run_standby(Options const& o, std::ostream& out);

}  // namespace tent::app
