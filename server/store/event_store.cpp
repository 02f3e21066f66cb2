#include "store/event_store.hpp"

#include "store/private_files.hpp"

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <system_error>

namespace tent::store {

namespace {

// Migration n (1-based) takes the schema from version n-1 to n. Append only: never edit a step that has
// shipped, since databases in the field have already run it.
constexpr std::array<char const*, 1> migrations = {
    // 1: the batch log and a key/value table.
    R"sql(
      CREATE TABLE batches (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        at     INTEGER NOT NULL,
        events TEXT    NOT NULL
      );
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    )sql",
};

constexpr int latest = static_cast<int>(migrations.size());

bool is_in_memory(std::string const& path) { return path.empty() || path == ":memory:"; }

int read_user_version(Database const& db) {
  auto statement = db.prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

void configure(Database& db, std::string const& path) {
  // Wait up to 5 s for another connection's lock (e.g. a CLI export) instead of failing at once.
  db.exec("PRAGMA busy_timeout = 5000");
  // WAL: readers do not block the writer, and a commit is one append to the log file.
  auto journal = db.prepare("PRAGMA journal_mode = WAL");
  journal.step();
  std::string const mode = journal.column_text(0);
  if (!is_in_memory(path) && mode != "wal") {
    throw Error(SQLITE_CANTOPEN, path + ": cannot switch to WAL journal mode (got \"" + mode + "\")");
  }
  // FULL: the tent laptop may lose power, and a check-in the runner saw acknowledged must survive it.
  // That costs one fsync per commit, which is cheap at a few commands per second.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
}

// Applies each missing migration in its own transaction. The version is re-read inside the transaction
// (BEGIN IMMEDIATE holds the write lock), so two processes opening the same file never both migrate.
void migrate(Database& db, std::string const& path) {
  for (;;) {
    Transaction transaction(db);
    int const version = read_user_version(db);
    if (version > latest) {
      throw Error(SQLITE_ERROR, path + ": database schema " + std::to_string(version) +
                                    " is newer than this server (" + std::to_string(latest) +
                                    "); upgrade the server");
    }
    if (version == latest) return;  // the transaction rolls back; it wrote nothing
    db.exec(migrations[static_cast<std::size_t>(version)]);
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    transaction.commit();
  }
}

Database open(std::string const& path) {
  if (!is_in_memory(path)) prepare_private_files(path);  // 0600 file, 0700 folders
  Database db(path, open_readwrite | open_create);
  configure(db, path);
  migrate(db, path);
  return db;
}

}  // namespace

int EventStore::latest_schema_version() noexcept { return latest; }

EventStore::EventStore(std::string const& path)
    : db_(open(path)), insert_(db_.prepare("INSERT INTO batches (at, events) VALUES (?, ?)")) {}

std::int64_t EventStore::append(std::int64_t at, std::string_view events_json) {
  // Leaves the cached statement reusable whether the insert succeeds or throws.
  struct ResetOnExit {
    Statement& statement;
    ~ResetOnExit() { statement.reset(); }
  };
  Transaction transaction(db_);
  std::int64_t seq = 0;
  {
    ResetOnExit const guard{insert_};
    insert_.bind(1, at);
    insert_.bind(2, events_json);
    insert_.step();
    seq = db_.last_insert_rowid();
  }
  transaction.commit();
  return seq;
}

void EventStore::for_each(
    std::int64_t after_seq,
    std::function<void(std::int64_t seq, std::int64_t at, std::string_view events_json)> const& fn) const {
  auto select = db_.prepare("SELECT seq, at, events FROM batches WHERE seq > ? ORDER BY seq");
  select.bind(1, after_seq);
  while (select.step()) {
    std::string const events = select.column_text(2);
    fn(select.column_int64(0), select.column_int64(1), events);
  }
}

std::int64_t EventStore::last_seq() const {
  auto select = db_.prepare("SELECT coalesce(max(seq), 0) FROM batches");
  select.step();
  return select.column_int64(0);
}

std::optional<std::string> EventStore::meta(std::string_view key) const {
  auto select = db_.prepare("SELECT value FROM meta WHERE key = ?");
  select.bind(1, key);
  if (!select.step()) return std::nullopt;
  return select.column_text(0);
}

void EventStore::set_meta(std::string_view key, std::string_view value) {
  Transaction transaction(db_);
  auto upsert = db_.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  upsert.bind(1, key);
  upsert.bind(2, value);
  upsert.step();
  transaction.commit();
}

int EventStore::schema_version() const { return read_user_version(db_); }

}  // namespace tent::store
