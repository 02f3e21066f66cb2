#include "store/private_files.hpp"

#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace tent::store {

namespace fs = std::filesystem;

std::error_code create_private_folders(fs::path const& folder) {
  if (folder.empty()) return {};
  std::vector<fs::path> missing;  // innermost first
  std::error_code ec;
  for (auto p = folder; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it)
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) return {errno, std::generic_category()};
  return {};
}

namespace {

// Removes group and other permissions from an existing file; a missing file is fine.
void make_private(std::string const& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(file.c_str(), st.st_mode & 0700);
}

}  // namespace

void prepare_private_files(std::string const& path) {
  auto const folder = fs::path(path).parent_path();
  if (auto const ec = create_private_folders(folder))
    throw Error(SQLITE_CANTOPEN, "cannot create folder " + folder.string() + ": " + ec.message(), ec.value());
  int const fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (int const err = errno; err != EEXIST) {
    throw Error(SQLITE_CANTOPEN, "cannot create " + path + ": " + std::strerror(err), err);
  }
  for (auto const* suffix : {"", "-wal", "-shm", "-journal"}) make_private(path + suffix);
}

}  // namespace tent::store
