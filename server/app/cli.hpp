#pragma once
// The commands that work on a database without serving it: op, backup, restore, import-roster,
// export, reset-pin, simulate. Each takes the parsed options, writes what it did to `out` (problems to `err`)
// and returns the exit status: 0 done, 1 failed or refused (the message says why).

#include "app/options.hpp"

#include <ostream>
#include <string>

namespace tent::app {

// One process at a time owns a database: a second server, or `op` beside a running server, would
// change the file behind the first one's in-memory state. The lock is a file beside the database
// (FILE.lock) held with flock, so it goes with the process; it is taken before the database is
// opened, so nothing reads, migrates or stamps a file that another process owns. Throws
// std::runtime_error naming the file when another process holds it.
class DatabaseLock {
public:
  explicit DatabaseLock(std::string const& db);
  ~DatabaseLock();
  DatabaseLock(DatabaseLock const&) = delete;
  DatabaseLock& operator=(DatabaseLock const&) = delete;

private:
  int fd_ = -1;
};

int run_op(Options const& o, std::ostream& out, std::ostream& err);
int run_backup(Options const& o, std::ostream& out);
int run_restore(Options const& o, std::ostream& out);
int run_import_roster(Options const& o, std::ostream& out, std::ostream& err);
int run_export(Options const& o, std::ostream& out);
int run_reset_pin(Options const& o, std::ostream& out);
int run_simulate(Options const& o, std::ostream& out, std::ostream& err);

}  // namespace tent::app
