#include "store/event_store.hpp"

#include "store/private_files.hpp"

#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>

namespace tent::store {

namespace {

// Migration n (1-based) takes the schema from version n-1 to n. Append only: never edit a step that has
// shipped, since databases in the field have already run it.
constexpr std::array<char const*, 3> migrations = {
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
    // 2: snapshots of the tent's state, so that a start need not replay the whole log.
    R"sql(
      CREATE TABLE snapshots (
        seq  INTEGER PRIMARY KEY,
        at   INTEGER NOT NULL,
        data BLOB    NOT NULL
      );
    )sql",
    // 3: several tents in one event: the tent each batch belongs to ('' is the first tent, which every
    // batch written before this step belongs to).
    R"sql(
      ALTER TABLE batches ADD COLUMN tent TEXT NOT NULL DEFAULT '';
    )sql",
};

constexpr int latest = static_cast<int>(migrations.size());

bool is_in_memory(std::string const& path) { return path.empty() || path == ":memory:"; }

void create_parent_directory(std::string const& path) {
  auto const parent = std::filesystem::path(path).parent_path();
  if (auto const ec = create_private_folders(parent)) {
    throw Error(SQLITE_CANTOPEN, "cannot create the folder " + parent.string() + " for the database (" + ec.message() +
                                     "). Create it by hand, or give --db a path in a folder you can write to.");
  }
}

// A refusal whose message already names the file and says what to do.
class Refusal : public Error {
public:
  using Error::Error;
};

std::int64_t read_int(Database const& db, std::string_view pragma) {
  auto statement = db.prepare(pragma);
  statement.step();
  return statement.column_int64(0);
}

int read_user_version(Database const& db) { return static_cast<int>(read_int(db, "PRAGMA user_version")); }

// Whose file this is, read before anything is written to it. Ours: stamped with our application id, or
// written by a server from before the id (user_version at least 1, our two tables). An empty file
// becomes ours. Anything else is another program's SQLite file and is refused untouched: migrating it
// would change a file that is not ours. Returns whether the file still needs our stamp.
bool claim(Database const& db, std::string const& path) {
  auto const id = read_int(db, "PRAGMA application_id");
  if (id == EventStore::application_id) return false;
  std::set<std::string> tables;
  auto select = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (select.step()) tables.insert(select.column_text(0));
  int const version = read_user_version(db);
  if (id == 0 && tables.empty() && version == 0) return true;
  if (id == 0 && version >= 1 && tables.contains("batches") && tables.contains("meta")) return true;
  std::string names;
  for (auto const& t : tables) names += (names.empty() ? "" : ", ") + t;
  throw Refusal(SQLITE_NOTADB,
                path + " is not a massage-tent database but another program's SQLite file (application id " +
                    std::to_string(id) + ", tables: " + (names.empty() ? "none" : names) +
                    "); it was left untouched. Check the --db path; to start a new tent, give a file "
                    "name that does not exist yet.");
}

void configure(Database& db, std::string const& path) {
  // WAL: readers do not block the writer, and a commit is one append to the log file.
  auto journal = db.prepare("PRAGMA journal_mode = WAL");
  journal.step();
  std::string const mode = journal.column_text(0);
  if (!is_in_memory(path) && mode != "wal") {
    throw Refusal(SQLITE_CANTOPEN, path + ": cannot switch to WAL journal mode (got \"" + mode +
                                       "\"); put the database on a local disk");
  }
  // FULL: the tent laptop may lose power, and a check-in the runner saw acknowledged must survive it.
  // That costs one fsync per commit, which is cheap at a few commands per second.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
}

// Stamps the file if claim() said so, and applies each missing migration, each in its own transaction.
// The version is re-read inside the transaction (BEGIN IMMEDIATE holds the write lock), so two
// processes opening the same file never both migrate.
void migrate(Database& db, std::string const& path, bool stamp) {
  for (;;) {
    Transaction transaction(db);
    int const version = read_user_version(db);
    if (version > latest) {
      throw Refusal(SQLITE_ERROR, path + ": database schema " + std::to_string(version) +
                                      " is newer than this server (" + std::to_string(latest) +
                                      "); upgrade the server");
    }
    if (version == latest && !stamp) return;  // the transaction rolls back; it wrote nothing
    if (stamp) db.exec("PRAGMA application_id = " + std::to_string(EventStore::application_id));
    stamp = false;
    if (version < latest) {
      db.exec(migrations[static_cast<std::size_t>(version)]);
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    }
    transaction.commit();
  }
}

// sqlite's error at start-up, as a tent lead can act on it: which file, what is wrong, what to do.
std::string explain(Error const& e, std::string const& path) {
  std::string const sqlite = std::string(" (SQLite: ") + e.what() + ")";
  int const sys = e.system_errno();
  switch (e.code()) {
    case SQLITE_NOTADB:
      return path + " is not a database" + sqlite +
             ". Check the --db path; to start a new tent, give a file name that does not exist yet.";
    case SQLITE_CORRUPT:
      return path + " is damaged" + sqlite + ". Keep it for recovery (sqlite3 " + path +
             " .recover), and start from a backup copy or a new file.";
    case SQLITE_READONLY:
      return path + " can be read but not written" + sqlite +
             ". Make the file, its folder and any -wal and -shm files beside it writable for the user running "
             "massage-tent, or copy them to a folder it can write to.";
    case SQLITE_BUSY:
      return path + " is locked by another program" + sqlite + ". Close that program, then start again.";
    case SQLITE_FULL:
      return path + ": the disk is full" + sqlite + ". Free some space, then start again.";
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      if (sys == EACCES || sys == EPERM)
        return path + ": permission denied" + sqlite +
               ". Give the user running massage-tent read and write access to the file and its folder.";
      if (sys == EISDIR) return path + " is a folder; --db needs a file name" + sqlite + ".";
      if (sys == EROFS) return path + " is on a read-only disk" + sqlite + ". Copy it to a writable folder.";
      break;
    default:
      break;
  }
  return "cannot open " + path + sqlite.substr(0, sqlite.size() - 1) +
         (sys ? std::string(": ") + std::strerror(sys) : "") + "). Check the --db path and the file's permissions.";
}

void upsert_meta(Database& db, std::string_view key, std::string_view value) {
  auto upsert =
      db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  upsert.bind(1, key);
  upsert.bind(2, value);
  upsert.step();
}

Database open(std::string const& path) {
  if (!is_in_memory(path)) create_parent_directory(path);
  try {
    if (!is_in_memory(path)) prepare_private_files(path);  // a new file 0600; an existing one made 0600
    Database db(path, open_readwrite | open_create);
    if (db.read_only()) throw Error(SQLITE_READONLY, "the file or its folder is not writable");
    // Wait up to 5 s for another connection's lock (the sqlite3 shell or a backup tool reading the
    // file) instead of failing at once.
    db.exec("PRAGMA busy_timeout = 5000");
    bool const stamp = claim(db, path);
    configure(db, path);
    migrate(db, path, stamp);
    return db;
  } catch (Refusal const&) {
    throw;
  } catch (Error const& e) {
    throw Error(e.extended_code(), explain(e, path), e.system_errno());
  }
}

}  // namespace

int EventStore::latest_schema_version() noexcept { return latest; }

EventStore::EventStore(std::string const& path)
    : path_(path), db_(open(path)), insert_(db_.prepare("INSERT INTO batches (at, events, tent) VALUES (?, ?, ?)")) {
  if (!meta(database_id_key)) {
    auto insert = db_.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, lower(hex(randomblob(16))))");
    insert.bind(1, database_id_key);
    insert.step();
  }
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

EventStore::Group::Group(EventStore& store) : store_((store.check_files(), store)), transaction_(store.db_) {}

std::int64_t EventStore::Group::append(std::int64_t at, std::string_view events_json, std::string_view tent) {
  // Leaves the cached statement reusable whether the insert succeeds or throws.
  struct ResetOnExit {
    Statement& statement;
    ~ResetOnExit() { statement.reset(); }
  };
  ResetOnExit const guard{store_.insert_};
  store_.insert_.bind(1, at);
  store_.insert_.bind(2, events_json);
  store_.insert_.bind(3, tent);
  store_.insert_.step();
  return store_.db_.last_insert_rowid();
}

void EventStore::Group::append_copy(StoredBatch const& batch) {
  if (batch.seq <= store_.last_seq())
    throw std::invalid_argument("batch " + std::to_string(batch.seq) + " is not past the end of the log (" +
                                std::to_string(store_.last_seq()) + ")");
  auto insert = store_.db_.prepare("INSERT INTO batches (seq, at, events, tent) VALUES (?, ?, ?, ?)");
  insert.bind(1, batch.seq);
  insert.bind(2, batch.at);
  insert.bind(3, batch.events);
  insert.bind(4, batch.tent);
  insert.step();
}

void EventStore::Group::set_meta(std::string_view key, std::string_view value) { upsert_meta(store_.db_, key, value); }

void EventStore::Group::commit() { transaction_.commit(); }

std::int64_t EventStore::append(std::int64_t at, std::string_view events_json, std::string_view tent) {
  Group group(*this);
  auto const seq = group.append(at, events_json, tent);
  group.commit();
  return seq;
}

void EventStore::save_snapshot(std::int64_t seq, std::int64_t at, std::string_view data) {
  if (seq < 1 || seq > last_seq())
    throw std::invalid_argument("snapshot after seq " + std::to_string(seq) + ", which is not in the log");
  check_files();
  Transaction transaction(db_);
  auto insert = db_.prepare("INSERT OR REPLACE INTO snapshots (seq, at, data) VALUES (?, ?, ?)");
  insert.bind(1, seq);
  insert.bind(2, at);
  insert.bind_blob(3, data);
  insert.step();
  auto prune =
      db_.prepare("DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)");
  prune.bind(1, std::int64_t{snapshots_kept});
  prune.step();
  transaction.commit();
}

std::int64_t EventStore::latest_snapshot_seq() const {
  auto select = db_.prepare("SELECT coalesce(max(seq), 0) FROM snapshots");
  select.step();
  return select.column_int64(0);
}

std::optional<Snapshot> EventStore::latest_snapshot(std::int64_t before_seq) const {
  auto select = db_.prepare("SELECT seq, at FROM snapshots WHERE seq < ? ORDER BY seq DESC LIMIT 1");
  select.bind(1, before_seq);
  if (!select.step()) return std::nullopt;
  Snapshot s{select.column_int64(0), select.column_int64(1), {}};
  s.data = db_.read_blob("snapshots", "data", s.seq);  // seq is the rowid
  return s;
}

void EventStore::create_folder(std::string const& path) {
  if (!is_in_memory(path)) create_parent_directory(path);
}

void EventStore::for_each(std::int64_t after_seq, std::function<void(StoredBatch const& batch)> const& fn) const {
  auto select = db_.prepare("SELECT seq, at, events, tent FROM batches WHERE seq > ? ORDER BY seq");
  select.bind(1, after_seq);
  // A damaged page deep in the log shows only here, when the server replays it at start-up.
  auto const step = [&] {
    try {
      return select.step();
    } catch (Error const& e) {
      throw Error(e.extended_code(), explain(e, path_), e.system_errno());
    }
  };
  while (step()) fn({select.column_int64(0), select.column_int64(1), select.column_text(2), select.column_text(3)});
}

std::vector<StoredBatch> EventStore::read_after(std::int64_t after_seq, std::size_t max_bytes,
                                                std::size_t max_batches) const {
  std::vector<StoredBatch> batches;
  auto select = db_.prepare("SELECT seq, at, events, tent FROM batches WHERE seq > ? ORDER BY seq LIMIT ?");
  select.bind(1, after_seq);
  select.bind(2, static_cast<std::int64_t>(max_batches));
  std::size_t bytes = 0;
  while (select.step()) {
    auto events = select.column_text(2);
    bytes += events.size();
    if (!batches.empty() && bytes > max_bytes) break;
    batches.push_back({select.column_int64(0), select.column_int64(1), std::move(events), select.column_text(3)});
  }
  return batches;
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
  upsert_meta(db_, key, value);
  transaction.commit();
}

std::map<std::string, std::string> EventStore::all_meta() const {
  std::map<std::string, std::string> all;
  auto select = db_.prepare("SELECT key, value FROM meta");
  while (select.step()) all.emplace(select.column_text(0), select.column_text(1));
  return all;
}

std::string EventStore::database_id() const { return meta(database_id_key).value_or(""); }

int EventStore::schema_version() const { return read_user_version(db_); }

}  // namespace tent::store
