#pragma once
// A thin RAII layer over the SQLite C API, in the manner of SQLiteCpp: the connection and each
// prepared statement are owned by a unique_ptr with a deleter, a Transaction rolls back unless
// committed, destructors never throw, and every failing sqlite call throws Error.
// Not thread-safe: a Database and its Statements belong to one thread (or one strand) at a time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tent::store {

// Open flags for Database; equal to SQLITE_OPEN_READONLY, _READWRITE and _CREATE (checked in sqlite.cpp).
inline constexpr int open_readonly = 0x00000001;
inline constexpr int open_readwrite = 0x00000002;
inline constexpr int open_create = 0x00000004;

// A failed sqlite call: what() is sqlite's own message; code() the primary result code
// (SQLITE_BUSY, SQLITE_CONSTRAINT...), extended_code() the extended one (SQLITE_CONSTRAINT_UNIQUE...),
// system_errno() the errno of the failed system call behind an I/O error (0 when none).
class Error : public std::runtime_error {
public:
  Error(int extended_code, std::string const& message, int system_errno = 0);
  int code() const noexcept { return extended_code_ & 0xff; }
  int extended_code() const noexcept { return extended_code_; }
  int system_errno() const noexcept { return system_errno_; }
  // The disk (or the file's quota) is full: SQLITE_FULL, or an I/O error whose cause was ENOSPC.
  bool disk_full() const noexcept;

private:
  int extended_code_;
  int system_errno_;
};

// A prepared statement. Parameters are 1-based (as in sqlite), columns 0-based.
// Invariant: it must not outlive the Database that prepared it.
class Statement {
public:
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view value);  // copied by sqlite (SQLITE_TRANSIENT)
  void bind(int index, std::nullptr_t);
  void bind_blob(int index, std::string_view bytes);  // copied by sqlite; any bytes, NULs included

  // Runs to the next row: true when a row is available, false when done.
  bool step();
  // Makes the statement runnable again and clears its bindings. Never throws: the code sqlite3_reset
  // returns only repeats the error of the last step, which step already threw.
  void reset() noexcept;

  int column_count() const noexcept;
  std::int64_t column_int64(int column) const;
  std::string column_text(int column) const;  // NULL reads as ""
  std::string column_blob(int column) const;  // the bytes as stored; NULL reads as ""
  bool is_null(int column) const;

private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept;
  void check_column(int column) const;

  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  sqlite3* db_;  // not owned; for error messages
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// One connection. Movable, not copyable; closed by RAII.
class Database {
public:
  // flags: a combination of open_readonly, open_readwrite, open_create.
  Database(std::string const& path, int flags);

  // Runs one or more statements that return no rows of interest.
  void exec(std::string const& sql);
  // Prepares exactly one statement (trailing whitespace and ';' allowed).
  Statement prepare(std::string_view sql) const;

  // Whether the main file was opened read-only although read-write was asked (the file or its folder
  // is not writable for this process).
  bool read_only() const noexcept;

  // Whether the main file was deleted or renamed since it was opened (sqlite's SQLITE_FCNTL_HAS_MOVED,
  // which compares the path's inode with the open file's). Always false in memory.
  bool file_has_moved() const noexcept;

  // The whole value of a BLOB cell, read straight from its pages into the result (sqlite's incremental
  // blob I/O: no intermediate copy, which matters for a snapshot of tens of MiB). Throws Error when the
  // row does not exist or the value is not a blob or text.
  std::string read_blob(char const* table, char const* column, std::int64_t rowid) const;

  // Replaces this database's content with source's, page by page, in one step of SQLite's backup
  // API: source is read in one read transaction, so the copy is one consistent state even while
  // another connection writes to it (in WAL mode without waiting for it). Throws Error.
  void copy_from(Database& source);

  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;  // rows changed by the most recent INSERT/UPDATE/DELETE

private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so a writer never fails half-way
// on a lock upgrade); rolls back on destruction unless commit() succeeded.
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(Transaction const&) = delete;
  Transaction& operator=(Transaction const&) = delete;

  void commit();

private:
  Database& db_;
  bool committed_ = false;
};

}  // namespace tent::store
