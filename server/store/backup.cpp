#include "store/backup.hpp"

#include "store/event_store.hpp"
#include "store/private_files.hpp"
#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace tent::store {

namespace fs = std::filesystem;

namespace {

std::int64_t read_int(Database const& db, std::string_view sql) {
  auto statement = db.prepare(sql);
  statement.step();
  return statement.column_int64(0);
}

// check_database on an open connection; `name` is the file as the message should name it.
CopyInfo check_open(Database const& db, std::string const& name) {
  if (read_int(db, "PRAGMA application_id") != EventStore::application_id)
    throw Error(SQLITE_NOTADB, name + " is not a massage-tent database");
  auto const version = read_int(db, "PRAGMA user_version");
  if (version > EventStore::latest_schema_version())
    throw Error(SQLITE_ERROR, name + " was written by a newer massage-tent (schema " + std::to_string(version) +
                                  "); use that version");
  auto check = db.prepare("PRAGMA integrity_check");
  std::string problems;
  while (check.step()) {
    auto const line = check.column_text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) throw Error(SQLITE_CORRUPT, name + " is damaged: " + problems);
  std::error_code ec;
  auto const size = fs::file_size(name, ec);
  return {ec ? 0 : static_cast<std::int64_t>(size), read_int(db, "SELECT coalesce(max(seq), 0) FROM batches")};
}

void sync_path(fs::path const& path, int flags) {
  int const fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    int const err = errno;
    if (fd >= 0) ::close(fd);
    throw Error(SQLITE_IOERR, "cannot flush " + path.string() + " to disk: " + std::strerror(err), err);
  }
  ::close(fd);
}

void remove_with_companions(fs::path const& file) {
  std::error_code ec;
  for (char const* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
}

// The pages of `source` into a new file at `target`: written to target.part in rollback-journal mode
// (a copy on a USB stick needs no -wal or -shm beside it), checked, flushed, renamed into place.
CopyInfo copy_pages(Database& source, std::string const& source_name, std::string const& target) {
  if (fs::exists(target)) throw Error(SQLITE_CANTOPEN, target + " already exists; copies never replace a file");
  fs::path const part = target + ".part";
  remove_with_companions(part);  // left by a copy that was interrupted
  try {
    prepare_private_files(part.string());  // the folder 0700, the file 0600: the copy holds names and PINs
    {
      Database copy(part.string(), open_readwrite | open_create);
      copy.exec("PRAGMA busy_timeout = 5000");
      copy.copy_from(source);
      auto mode = copy.prepare("PRAGMA journal_mode = DELETE");
      mode.step();
    }
    CopyInfo info;
    {
      Database check(part.string(), open_readonly);
      try {
        info = check_open(check, part.string());
      } catch (Error const& e) {
        throw Error(e.extended_code(), "the copy of " + source_name + " failed its check: " + e.what());
      }
    }
    sync_path(part, O_RDONLY);
    fs::rename(part, target);
    sync_path(fs::path(target).parent_path().empty() ? fs::path(".") : fs::path(target).parent_path(),
              O_RDONLY | O_DIRECTORY);
    return info;
  } catch (fs::filesystem_error const& e) {
    remove_with_companions(part);
    throw Error(SQLITE_IOERR, "cannot write " + target + ": " + e.code().message(), e.code().value());
  } catch (...) {
    remove_with_companions(part);
    throw;
  }
}

// "tent-YYYYMMDD-HHMMSS.db" or "tent-YYYYMMDD-HHMMSS-N.db": the stamp and N (0 without), else nothing.
std::optional<std::pair<std::string, int>> backup_name(std::string const& name) {
  constexpr std::string_view prefix = "tent-", suffix = ".db";
  constexpr std::size_t stamp_length = 15;  // YYYYMMDD-HHMMSS
  if (!name.starts_with(prefix) || !name.ends_with(suffix)) return std::nullopt;
  auto const middle = std::string_view(name).substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (middle.size() < stamp_length) return std::nullopt;
  auto const stamp = middle.substr(0, stamp_length);
  for (std::size_t i = 0; i < stamp.size(); ++i)
    if (i == 8 ? stamp[i] != '-' : (stamp[i] < '0' || stamp[i] > '9')) return std::nullopt;
  int n = 0;
  if (middle.size() > stamp_length) {
    auto const rest = middle.substr(stamp_length);
    if (rest[0] != '-') return std::nullopt;
    auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), n);
    if (ec != std::errc{} || end != rest.data() + rest.size() || n < 2) return std::nullopt;
  }
  return std::pair{std::string(stamp), n};
}

}  // namespace

CopyInfo check_database(std::string const& path) {
  if (!fs::is_regular_file(path)) throw Error(SQLITE_CANTOPEN, path + " is not a file");
  try {
    Database db(path, open_readonly);
    return check_open(db, path);
  } catch (Error const& e) {
    if (std::string_view(e.what()).find(path) != std::string_view::npos) throw;
    throw Error(e.extended_code(), path + " cannot be read as a database (" + e.what() + ")", e.system_errno());
  }
}

CopyInfo copy_database(std::string const& source, std::string const& target) {
  if (!fs::is_regular_file(source)) throw Error(SQLITE_CANTOPEN, source + " is not a file");
  // Read-write, though only read: a database in WAL mode is read through its -shm, which a read-only
  // connection may not be able to map. Nothing is written to it.
  Database db(source, open_readwrite);
  db.exec("PRAGMA busy_timeout = 5000");
  if (read_int(db, "PRAGMA application_id") != EventStore::application_id)
    throw Error(SQLITE_NOTADB, source + " is not a massage-tent database");
  return copy_pages(db, source, target);
}

std::vector<fs::path> backups_in(fs::path const& folder) {
  std::vector<std::pair<std::pair<std::string, int>, fs::path>> found;
  std::error_code ec;
  for (auto const& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (auto key = backup_name(entry.path().filename().string())) found.emplace_back(*key, entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& [key, path] : found) out.push_back(std::move(path));
  return out;
}

BackedUp back_up_into(std::string const& source, fs::path const& folder, std::string const& stamp, std::size_t keep) {
  if (auto const ec = create_private_folders(folder))
    throw Error(SQLITE_CANTOPEN, "cannot create the backup folder " + folder.string() + ": " + ec.message(),
                ec.value());
  auto file = folder / ("tent-" + stamp + ".db");
  for (int n = 2; fs::exists(file); ++n) file = folder / ("tent-" + stamp + "-" + std::to_string(n) + ".db");
  BackedUp out{file, copy_database(source, file.string())};
  auto const all = backups_in(folder);
  for (std::size_t i = 0; i + std::max<std::size_t>(keep, 1) < all.size(); ++i) remove_with_companions(all[i]);
  return out;
}

fs::path restore_database(std::string const& backup, std::string const& target, std::string const& stamp) {
  check_database(backup);
  Database source(backup, open_readonly);
  // Whatever is at target now (a damaged file too) is moved aside as it is, its -wal with it, so
  // that SQLite never applies an old -wal to the restored pages.
  fs::path kept;
  std::error_code ec;
  if (fs::exists(target, ec)) {
    kept = target + ".before-restore-" + stamp;
    for (int n = 2; fs::exists(kept, ec); ++n) kept = target + ".before-restore-" + stamp + "-" + std::to_string(n);
    fs::rename(target, kept);
    if (fs::exists(target + "-wal", ec)) fs::rename(target + "-wal", kept.string() + "-wal");
    fs::remove(target + "-shm", ec);
  }
  try {
    copy_pages(source, backup, target);
  } catch (...) {
    if (!kept.empty()) {
      fs::rename(kept, target, ec);
      if (fs::exists(kept.string() + "-wal", ec)) fs::rename(kept.string() + "-wal", target + "-wal", ec);
    }
    throw;
  }
  return kept;
}

}  // namespace tent::store
