#pragma once
// Copies of a tent's database made while the server runs, and putting one back.
//
// A copy is taken with SQLite's online backup API on a connection of its own: the database is in WAL
// mode, so the copy reads one consistent state of the file while the server goes on committing (it
// neither waits for the copy nor is waited for). The copy is written beside its final name, checked
// with PRAGMA integrity_check, flushed to disk and only then renamed into place: a backup folder never
// holds a half-written or unchecked copy under a backup's name.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tent::store {

// What a copy holds.
struct CopyInfo {
  std::int64_t bytes = 0;     // the size of the copy
  std::int64_t last_seq = 0;  // its newest batch
};

// Copies the massage-tent database at `source` to `target` (a file that must not exist yet) as
// described above. Throws store::Error, with a message naming the file and what failed, and leaves
// no file at `target`.
CopyInfo copy_database(std::string const& source, std::string const& target);

// Checks that `path` is an undamaged massage-tent database this build can open (our application id,
// a schema not newer than ours, PRAGMA integrity_check "ok"), without changing it. Returns what it
// holds; throws store::Error naming the file and what is wrong.
CopyInfo check_database(std::string const& path);

// The backups in a folder, as back_up_into names them ("tent-YYYYMMDD-HHMMSS.db"), oldest first.
std::vector<std::filesystem::path> backups_in(std::filesystem::path const& folder);

// Copies `source` into `folder` (created 0700 if missing) as "tent-<stamp>.db", then deletes the
// oldest of the folder's backups beyond `keep`. stamp is "YYYYMMDD-HHMMSS"; a stamp already taken
// gets a suffix. Returns the copy's path and what it holds; throws like copy_database.
struct BackedUp {
  std::filesystem::path file;
  CopyInfo info;
};
BackedUp back_up_into(std::string const& source, std::filesystem::path const& folder, std::string const& stamp,
                      std::size_t keep);

// Puts the backup at `backup` in the place of the database at `target`, after check_database has
// accepted it. An existing database at `target` is first copied to `target`.before-restore-<stamp>
// (returned; empty when there was nothing to keep), so a restore from the wrong file can be undone.
// The pages are written through SQLite into `target` in one transaction (its -wal, if a killed server
// left one, is applied or discarded by SQLite, never mixed with the backup's pages). The caller makes
// sure no server has `target` open.
std::filesystem::path restore_database(std::string const& backup, std::string const& target, std::string const& stamp);

}  // namespace tent::store
