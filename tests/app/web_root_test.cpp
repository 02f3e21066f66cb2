// Where the server finds its pages by default: beside an installed binary (the Debian package's
// /usr/bin/massage-tent and /usr/share/massage-tent/web), else the source tree.

#include "../store/temp_dir.hpp"
#include "app/options.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;

TEST_CASE("An installed binary serves the pages installed beside it, wherever the prefix is", "[app]") {
  tent::store::test::TempDir dir;
  auto const prefix = dir.path() / "usr";
  fs::create_directories(prefix / "share/massage-tent/web/kiosk");
  fs::create_directories(prefix / "bin");
  CHECK(tent::app::web_root_for(prefix / "bin/massage-tent") == (prefix / "share/massage-tent/web").string());
}

TEST_CASE("A binary without installed pages beside it serves the source tree it was built from", "[app]") {
  tent::store::test::TempDir dir;
  SECTION("nothing installed beside it") {
    fs::create_directories(dir.path() / "build");
    auto const root = fs::path(tent::app::web_root_for(dir.path() / "build/massage-tent"));
    CHECK(fs::is_regular_file(root / "kiosk/index.html"));
    CHECK(fs::is_regular_file(root / "CMakeLists.txt"));  // the source tree, not an installed copy
  }
  SECTION("a share folder without the pages") {
    fs::create_directories(dir.path() / "usr/share/massage-tent/web");
    auto const root = tent::app::web_root_for(dir.path() / "usr/bin/massage-tent");
    CHECK(root != (dir.path() / "usr/share/massage-tent/web").string());
    CHECK(root == tent::app::web_root_for(dir.path() / "nowhere/massage-tent"));
  }
  SECTION("this test's own binary, which is not installed") {
    CHECK(fs::is_regular_file(fs::path(tent::app::default_web_root()) / "CMakeLists.txt"));
  }
}
