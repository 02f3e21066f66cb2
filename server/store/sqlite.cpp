#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <utility>

namespace tent::store {

static_assert(open_readonly == SQLITE_OPEN_READONLY);
static_assert(open_readwrite == SQLITE_OPEN_READWRITE);
static_assert(open_create == SQLITE_OPEN_CREATE);

namespace {

[[noreturn]] void fail(sqlite3* db, int code) {
  if (db == nullptr) throw Error(code, sqlite3_errstr(code));
  throw Error(code, sqlite3_errmsg(db), sqlite3_system_errno(db));
}

void check(sqlite3* db, int code) {
  if (code != SQLITE_OK) fail(db, code);
}

// Whether the text after the first prepared statement holds nothing but whitespace and ';'.
bool only_separators(char const* tail, char const* end) {
  for (; tail != end; ++tail) {
    char const c = *tail;
    if (c != ';' && c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

Error::Error(int extended_code, std::string const& message, int system_errno)
    : std::runtime_error(message), extended_code_(extended_code), system_errno_(system_errno) {}

bool Error::disk_full() const noexcept {
  return code() == SQLITE_FULL || (code() == SQLITE_IOERR && system_errno_ == ENOSPC);
}

// --- Statement -------------------------------------------------------------------------------

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}

void Statement::bind(int index, std::int64_t value) { check(db_, sqlite3_bind_int64(stmt_.get(), index, value)); }

void Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT is a C-style cast in sqlite3.h; spelled out to keep -Wold-style-cast quiet.
  auto const transient = reinterpret_cast<sqlite3_destructor_type>(std::intptr_t{-1});
  // A zero-length view may carry a null data(); sqlite would then bind NULL instead of "".
  char const* data = value.data() != nullptr ? value.data() : "";
  check(db_, sqlite3_bind_text64(stmt_.get(), index, data, value.size(), transient, SQLITE_UTF8));
}

void Statement::bind_blob(int index, std::string_view bytes) {
  auto const transient = reinterpret_cast<sqlite3_destructor_type>(std::intptr_t{-1});
  char const* data = bytes.data() != nullptr ? bytes.data() : "";  // a null pointer would bind NULL
  check(db_, sqlite3_bind_blob64(stmt_.get(), index, data, bytes.size(), transient));
}

void Statement::bind(int index, std::nullptr_t) { check(db_, sqlite3_bind_null(stmt_.get(), index)); }

bool Statement::step() {
  int const code = sqlite3_step(stmt_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  fail(db_, code);
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int Statement::column_count() const noexcept { return sqlite3_column_count(stmt_.get()); }

void Statement::check_column(int column) const {
  if (column < 0 || column >= column_count()) {
    throw Error(SQLITE_RANGE, "column index " + std::to_string(column) + " out of range");
  }
}

std::int64_t Statement::column_int64(int column) const {
  check_column(column);
  return sqlite3_column_int64(stmt_.get(), column);
}

std::string Statement::column_blob(int column) const {
  check_column(column);
  auto const* data = sqlite3_column_blob(stmt_.get(), column);
  int const bytes = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr) {
    int const code = sqlite3_errcode(db_);
    if (code == SQLITE_NOMEM) fail(db_, code);
    return {};
  }
  return {static_cast<char const*>(data), static_cast<std::size_t>(bytes)};
}

std::string Statement::column_text(int column) const {
  check_column(column);
  // Order matters: column_text may convert the value, and column_bytes then reports the converted size.
  auto const* text = sqlite3_column_text(stmt_.get(), column);
  int const bytes = sqlite3_column_bytes(stmt_.get(), column);
  if (text == nullptr) {
    // NULL, or an out-of-memory during conversion: only the latter sets an error code.
    int const code = sqlite3_errcode(db_);
    if (code == SQLITE_NOMEM) fail(db_, code);
    return {};
  }
  return {reinterpret_cast<char const*>(text), static_cast<std::size_t>(bytes)};
}

bool Statement::is_null(int column) const {
  check_column(column);
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

// --- Database --------------------------------------------------------------------------------

// close_v2 never fails on busy: a stray unfinalised statement turns the connection into a zombie that
// closes with it, rather than leaking the handle from a destructor that must not throw.
void Database::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

Database::Database(std::string const& path, int flags) {
  sqlite3* raw = nullptr;
  int const code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // sqlite may allocate a handle even on failure; it must be closed either way
  if (code != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(code);
    throw Error(code, message + ": " + path, raw != nullptr ? sqlite3_system_errno(raw) : 0);
  }
  sqlite3_extended_result_codes(raw, 1);
}

void Database::exec(std::string const& sql) {
  char* message = nullptr;
  int const code = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw Error(sqlite3_extended_errcode(db_.get()), text, sqlite3_system_errno(db_.get()));
  }
}

Statement Database::prepare(std::string_view sql) const {
  if (sql.size() > static_cast<std::size_t>(INT32_MAX)) throw Error(SQLITE_TOOBIG, "prepare: SQL text too long");
  sqlite3_stmt* raw = nullptr;
  char const* tail = nullptr;
  int const code = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  Statement statement(db_.get(), raw);  // owns raw from here, whatever follows
  check(db_.get(), code);
  if (raw == nullptr) throw Error(SQLITE_MISUSE, "prepare: no SQL statement in \"" + std::string(sql) + "\"");
  if (!only_separators(tail, sql.data() + sql.size())) {
    throw Error(SQLITE_MISUSE, "prepare: more than one SQL statement in \"" + std::string(sql) + "\"");
  }
  return statement;
}

bool Database::read_only() const noexcept { return sqlite3_db_readonly(db_.get(), "main") == 1; }

bool Database::file_has_moved() const noexcept {
  int moved = 0;
  if (sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) return false;
  return moved != 0;
}

std::string Database::read_blob(char const* table, char const* column, std::int64_t rowid) const {
  sqlite3_blob* raw = nullptr;
  int const opened = sqlite3_blob_open(db_.get(), "main", table, column, rowid, 0, &raw);
  std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)> blob(raw, &sqlite3_blob_close);
  check(db_.get(), opened);
  std::string out(static_cast<std::size_t>(sqlite3_blob_bytes(blob.get())), '\0');
  check(db_.get(), sqlite3_blob_read(blob.get(), out.data(), static_cast<int>(out.size()), 0));
  return out;
}

void Database::copy_from(Database& source) {
  sqlite3_backup* backup = sqlite3_backup_init(db_.get(), "main", source.db_.get(), "main");
  if (backup == nullptr) fail(db_.get(), sqlite3_extended_errcode(db_.get()));
  int const stepped = sqlite3_backup_step(backup, -1);
  int const finished = sqlite3_backup_finish(backup);  // frees it whatever happened; the step's error again
  if (stepped != SQLITE_DONE) fail(db_.get(), finished != SQLITE_OK ? finished : stepped);
  check(db_.get(), finished);
}

std::int64_t Database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_.get()); }

int Database::changes() const noexcept { return sqlite3_changes(db_.get()); }

// --- Transaction -----------------------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (committed_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // Nothing to do: sqlite may already have rolled back (e.g. after SQLITE_FULL), and a destructor
    // must not throw. An open transaction left behind would make the next BEGIN fail loudly.
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  committed_ = true;
}

}  // namespace tent::store
