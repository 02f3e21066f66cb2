#pragma once
// A directory under the system temp directory, unique to this process and object, removed with
// everything in it (database, -wal and -shm files) when the object goes out of scope.

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace tent::store::test {

class TempDir {
public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("tent-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(TempDir const&) = delete;
  TempDir& operator=(TempDir const&) = delete;

  // A path inside the directory. The directory itself is not created: the store must do that.
  std::string file(std::string const& name) const { return (path_ / name).string(); }
  std::filesystem::path const& path() const { return path_; }

private:
  std::filesystem::path path_;
};

}  // namespace tent::store::test
