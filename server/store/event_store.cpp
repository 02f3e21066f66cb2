#include "store/event_store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

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

void create_parent_directory(std::string const& path) {
  auto const parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) throw Error(SQLITE_CANTOPEN, "cannot create directory " + parent.string() + ": " + ec.message());
}

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
  if (!is_in_memory(path)) create_parent_directory(path);
  Database db(path, open_readwrite | open_create);
  configure(db, path);
  migrate(db, path);
  return db;
}

}  // namespace

int EventStore::latest_schema_version() noexcept { return latest; }

EventStore::EventStore(std::string const& path)
    : path_(path), db_(open(path)), insert_(db_.prepare("INSERT INTO batches (at, events) VALUES (?, ?)")) {
  if (is_in_memory(path)) return;
  // The identity of the file sqlite has open, as the path shows it now; later checks compare with it.
  file_ = file_id(path_);
  wal_ = file_id(path_ + "-wal");
  if (!file_ || db_.file_has_moved()) throw StorageUnavailable(path_ + " disappeared while it was being opened");
}

std::optional<EventStore::FileId> EventStore::file_id(std::string const& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

void EventStore::check_files() const {
  // Two stat calls per commit: microseconds, against the fsync every commit already pays for.
  auto const check = [](std::string const& path, std::optional<FileId> const& opened) {
    if (!opened) return;
    auto const now = file_id(path);
    if (!now) throw StorageUnavailable(path + " was deleted while the server had it open");
    if (*now != *opened) throw StorageUnavailable(path + " was replaced by another file while the server had it open");
  };
  check(path_, file_);
  check(path_ + "-wal", wal_);
}

std::int64_t EventStore::append(std::int64_t at, std::string_view events_json) {
  // Leaves the cached statement reusable whether the insert succeeds or throws.
  struct ResetOnExit {
    Statement& statement;
    ~ResetOnExit() { statement.reset(); }
  };
  check_files();
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
  check_files();
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
