#pragma once
// The database holds runners' names, health answers and the PIN hashes: only the server's own
// user may read it. SQLite creates a new file 0644 (less the umask) and gives its -wal and -shm
// files the database file's mode, so the database is made 0600 before SQLite opens it.

#include <filesystem>
#include <string>
#include <system_error>

namespace tent::store {

// Creates the missing folders of `folder` (and their missing parents) with mode 0700; folders that
// exist keep their mode. Returns the error of the first that could not be created.
std::error_code create_private_folders(std::filesystem::path const& folder);

// Before opening `path`: creates missing parent folders with mode 0700, creates a missing database
// file empty with mode 0600 (SQLite takes an empty file as a new database), and takes the group and
// other permissions off an existing database and its -wal and -shm files. Throws store::Error
// (SQLITE_CANTOPEN, with errno) naming the path when a folder or the file cannot be created.
void prepare_private_files(std::string const& path);

}  // namespace tent::store
