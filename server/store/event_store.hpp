#pragma once
// The append-only log of event batches the server is rebuilt from.
//
// Each accepted command yields one batch (already serialised to JSON by the app); the batch is committed
// here before any reply or broadcast, and at start-up every batch is replayed in seq order. Batches are
// never updated or deleted. seq is the batch's position in the log: 1, 2, 3... strictly increasing and,
// in normal use, without gaps (AUTOINCREMENT: a seq is never reused). The store does not parse the JSON.
//
// Beside the log, snapshots: the tent's state as it stood after a given seq (bytes the store does not
// parse either), so that a start can replay only the batches after it. Saving or losing a snapshot never
// changes the log; the newest two are kept, the older one in case the newer cannot be read.
//
// Not thread-safe: one EventStore is used from one thread or strand.

#include "store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tent::store {

// The database file on disk is no longer the one the store has open: it was deleted, or another file
// took its place. Whatever the store wrote now would be gone at the next start, so it refuses to write
// (reads still come from the open file). what() names the file and what happened to it.
class StorageUnavailable : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// One batch as the log holds it: its seq, its time, its events' JSON text, byte for byte, and the tent
// it belongs to ("" for the first tent, the only one of a database made before there were several).
struct StoredBatch {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string events;
  std::string tent;
  bool operator==(StoredBatch const&) const = default;
};

// A stored snapshot: the state after batch `seq`, whose time was `at`.
struct Snapshot {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string data;
};

class EventStore {
public:
  // How many snapshots save_snapshot keeps, newest first.
  static constexpr int snapshots_kept = 2;

  // The schema version this build migrates to.
  static int latest_schema_version() noexcept;
  // PRAGMA application_id of every massage-tent database ("MTEN"): tells our files from other SQLite files.
  static constexpr std::int32_t application_id = 0x4D54454E;

  // Creates the folder a database path lies in, if missing; throws Error naming the folder if it cannot.
  static void create_folder(std::string const& path);

  // Opens or creates the store; ":memory:" gives a private in-memory store. For a file path, a missing
  // parent directory is created. An empty or new file is stamped with application_id; so is a database
  // written before the id existed (user_version set, our tables present). Migrates an older schema.
  // Refuses, with an Error whose message names the file, says what is wrong and what to do: a newer
  // schema, another program's SQLite file (left untouched), a file that is not a database or is damaged,
  // and a file that cannot be written.
  explicit EventStore(std::string const& path);
  // The path it was opened with (":memory:" for a private in-memory store).
  std::string const& path() const { return path_; }

  // Batches appended through one Group are committed together by commit(): one transaction, one fsync
  // (group commit). Each gets its own seq at append(). A Group destroyed without a successful commit()
  // rolls back everything appended to it. One Group at a time per store.
  class Group {
  public:
    // Checks that the database file is still the one opened (else StorageUnavailable) and begins the
    // transaction; throws Error if it cannot.
    explicit Group(EventStore& store);
    Group(Group const&) = delete;
    Group& operator=(Group const&) = delete;

    // Appends one batch of `tent` and returns its seq. Throws Error; the Group must then be dropped.
    std::int64_t append(std::int64_t at, std::string_view events_json, std::string_view tent = {});
    // Appends a batch another store holds, under its seq there (a standby copying its primary). Throws
    // std::invalid_argument unless batch.seq is above every seq in the log.
    void append_copy(StoredBatch const& batch);
    // set_meta, inside this group's transaction.
    void set_meta(std::string_view key, std::string_view value);
    // Makes every batch appended durable (synchronous=FULL). Throws Error, leaving nothing written.
    void commit();

  private:
    EventStore& store_;
    Transaction transaction_;
  };

  // Appends one batch in its own transaction and returns its seq. Throws Error, leaving nothing written,
  // or StorageUnavailable (before writing anything) when the file was deleted or replaced.
  std::int64_t append(std::int64_t at, std::string_view events_json, std::string_view tent = {});

  // Calls fn for every batch with seq > after_seq, in seq order. fn must not write to this store.
  // An exception thrown by fn stops the walk and propagates.
  void for_each(std::int64_t after_seq, std::function<void(StoredBatch const& batch)> const& fn) const;

  // The batches with seq > after_seq, in seq order, as many as fit in max_bytes of events (always the
  // first one, however large) and at most max_batches.
  std::vector<StoredBatch> read_after(std::int64_t after_seq, std::size_t max_bytes, std::size_t max_batches) const;

  // The seq of the newest batch; 0 when the log is empty.
  std::int64_t last_seq() const;

  // Stores the state after batch seq in its own transaction (replacing one of the same seq) and drops
  // all but the newest snapshots_kept. Batches and last_seq are untouched. Throws std::invalid_argument
  // when seq names no batch (below 1 or past last_seq); refuses like append.
  void save_snapshot(std::int64_t seq, std::int64_t at, std::string_view data);
  // The newest snapshot with seq < before_seq, if any (before_seq lets a caller fall back to an older one).
  // The seq of the newest snapshot, 0 when there is none (without reading its data).
  std::int64_t latest_snapshot_seq() const;
  std::optional<Snapshot> latest_snapshot(std::int64_t before_seq = std::numeric_limits<std::int64_t>::max()) const;

  // Small named values kept beside the log (hashed PINs, configuration). set_meta inserts or overwrites
  // in its own transaction; it refuses like append.
  std::optional<std::string> meta(std::string_view key) const;
  void set_meta(std::string_view key, std::string_view value);

  // Every meta key and value, by key.
  std::map<std::string, std::string> all_meta() const;
  // The meta key of the database's identity: random hex, set when a store is first opened, kept by
  // every copy of the file (backups, a standby's database), so a standby can tell its primary's day
  // from another one.
  static constexpr std::string_view database_id_key = "database.id";
  std::string database_id() const;

  // PRAGMA user_version: the number of migrations applied.
  int schema_version() const;

private:
  // Which file a path names: device and inode.
  struct FileId {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    bool operator==(FileId const&) const = default;
  };
  static std::optional<FileId> file_id(std::string const& path);
  // Throws StorageUnavailable unless the database (and its -wal) at path_ are still the files opened.
  void check_files() const;

  std::string path_;
  Database db_;
  std::optional<FileId> file_, wal_;  // none in memory
  Statement insert_;                  // the hot path, prepared once; declared after db_ so it is finalised first
};

}  // namespace tent::store
