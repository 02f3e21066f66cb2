#pragma once
// Fixture files the C++ tests write for other test suites (tests/web/ feeds them to the pages'
// client modules). A fixture is the server's own output; committed, so the other suite runs
// without a build, and checked against what the server produces now, so it cannot go stale:
//
//   TENT_UPDATE_FIXTURES=1 ctest --test-dir build -R fixtures    # rewrite them after a change

#include <string>

namespace tent::app::test {

// With TENT_UPDATE_FIXTURES=1 writes `text` to tests/fixtures/<name>; otherwise fails the
// calling test unless the committed file holds exactly `text` (naming the first line that differs).
void check_or_update_fixture(std::string const& name, std::string const& text);

}  // namespace tent::app::test
