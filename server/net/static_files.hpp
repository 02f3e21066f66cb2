#pragma once
// Serves the web clients' files: `/<folder>/<path>` maps to `web_root/<folder>/<path>` for the listed
// folders only, and `/<folder>/` (or any path ending in '/') to that directory's index.html;
// `/<folder>` without the slash redirects to `/<folder>/`.
//
// Safety: only GET and HEAD (405 otherwise). Boost.URL parses the target (origin-form: a path and a
// query); one it cannot parse (a bad escape, a backslash, a space, a fragment) under a listed folder
// gets 400. No path segment may be ".", ".." or empty (but a trailing one), nor decode to anything
// holding '/', '\' or NUL (403); after resolving symlinks with weakly_canonical the file must lie
// inside its folder (403); only regular files up to 8 MiB are served (404 otherwise).
//
// A file is answered as a FileResponse: opened per request and written from disk as the socket takes
// it, never read into memory whole. HEAD gets the header alone, without opening the file.
//
// Caching: every response carries Cache-Control: no-cache and an ETag built from size and mtime, and
// a matching If-None-Match gets 304, so clients always run the current version at the cost of one
// small round trip.

#include "net/handler.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tent::net {

class StaticFiles {
public:
  StaticFiles(std::filesystem::path web_root, std::vector<std::string> folders);

  // The answer to a request under one of the folders, or nullopt for any other path.
  std::optional<Answer> serve(Request const& req) const { return serve(req, req.target(), {}); }
  // The same for `target`, the request's target after `prefix` (a redirect keeps the prefix).
  std::optional<Answer> serve(Request const& req, std::string_view target, std::string_view prefix) const;

private:
  // `relative`: the decoded, checked path of the file below the folder.
  Answer serve_file(Request const& req, std::string const& folder, std::filesystem::path const& relative) const;

  std::filesystem::path web_root_;
  std::vector<std::string> folders_;
};

}  // namespace tent::net
