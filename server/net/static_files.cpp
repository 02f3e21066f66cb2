#include "net/static_files.hpp"

#include "net/json_error.hpp"
#include "net/mime_types.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

namespace tent::net {

namespace fs = std::filesystem;
namespace urls = boost::urls;

namespace {

constexpr std::uintmax_t max_file_size = 8 * 1024 * 1024;

// The file a path names below its folder, from the path's decoded segments after the folder's: a
// trailing '/' (an empty last segment) names the folder's index.html. Nullopt for a path that could
// leave the folder or name something unexpected: a ".", ".." or other empty segment, or a segment
// holding '/', '\\' or NUL once decoded.
std::optional<fs::path> file_below(urls::segments_view const& segments) {
  fs::path relative;
  for (auto it = std::next(segments.begin()); it != segments.end(); ++it) {
    std::string const segment = *it;
    if (segment.empty() && std::next(it) == segments.end()) return relative / "index.html";
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    if (segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) return std::nullopt;
    relative /= segment;
  }
  return relative;
}

bool is_inside(fs::path const& base, fs::path const& p) {
  auto const [b, q] = std::mismatch(base.begin(), base.end(), p.begin(), p.end());
  return b == base.end();
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start <= if_none_match.size()) {
    std::size_t const end = std::min(if_none_match.find(',', start), if_none_match.size());
    std::string_view tag = if_none_match.substr(start, end - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = end + 1;
  }
  return false;
}

std::string make_etag(std::uintmax_t size, fs::file_time_type mtime) {
  std::ostringstream out;
  out << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << '"';
  return out.str();
}

}  // namespace

StaticFiles::StaticFiles(fs::path web_root, std::vector<std::string> folders)
    : web_root_(std::move(web_root)), folders_(std::move(folders)) {}

std::optional<Answer> StaticFiles::serve(Request const& req, std::string_view target, std::string_view prefix) const {
  // Boost.URL splits the target into path segments, still percent-encoded (so "/%6biosk/" is not
  // the kiosk folder), and decodes them. A target it cannot parse (a bad escape, a backslash,
  // a space) is refused below if it names one of the folders, and left alone otherwise.
  auto const url = urls::parse_origin_form(target);
  std::string folder;
  if (url) {
    if (auto const segments = url->encoded_segments(); !segments.empty()) {
      auto const first = *segments.begin();
      folder.assign(first.data(), first.size());
    }
  } else if (target.starts_with('/')) {
    folder = target.substr(1, target.find_first_of("/?#", 1) - 1);
  }
  if (std::find(folders_.begin(), folders_.end(), folder) == folders_.end()) return std::nullopt;

  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    Response res = json_error(http::status::method_not_allowed, "method_not_allowed", "only GET and HEAD are allowed",
                              req.version(), req.keep_alive());
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (!url) {
    return json_error(http::status::bad_request, "bad_request", "malformed path", req.version(), req.keep_alive());
  }
  if (url->encoded_segments().size() == 1) {  // "/kiosk": redirect, so the page's relative URLs resolve
    Response res{http::status::moved_permanently, req.version()};
    res.set(http::field::location, std::string(prefix) + "/" + folder + "/");
    res.keep_alive(req.keep_alive());
    return res;
  }
  auto const relative = file_below(url->segments());
  if (!relative) {
    return json_error(http::status::forbidden, "forbidden", "path not allowed", req.version(), req.keep_alive());
  }
  return serve_file(req, folder, *relative);
}

Answer StaticFiles::serve_file(Request const& req, std::string const& folder, fs::path const& relative) const {
  auto const error = [&req](http::status status, std::string_view code, std::string_view message) {
    return json_error(status, code, message, req.version(), req.keep_alive());
  };
  fs::path const base = web_root_ / folder;
  std::error_code ec;
  fs::path const real_base = fs::weakly_canonical(base, ec);
  if (ec) return error(http::status::not_found, "not_found", "no such file");
  fs::path const real = fs::weakly_canonical(base / relative, ec);
  if (ec) return error(http::status::not_found, "not_found", "no such file");
  if (!is_inside(real_base, real)) return error(http::status::forbidden, "forbidden", "path not allowed");

  auto const size = fs::file_size(real, ec);
  if (ec || !fs::is_regular_file(real, ec) || size > max_file_size) {
    return error(http::status::not_found, "not_found", "no such file");
  }
  auto const mtime = fs::last_write_time(real, ec);
  if (ec) return error(http::status::not_found, "not_found", "no such file");
  std::string const etag = make_etag(size, mtime);

  Response res{http::status::ok, req.version()};
  res.set(http::field::cache_control, "no-cache");
  res.set(http::field::etag, etag);
  res.keep_alive(req.keep_alive());
  if (auto const inm = req.find(http::field::if_none_match); inm != req.end() && etag_matches(inm->value(), etag)) {
    res.result(http::status::not_modified);
    return res;
  }
  res.set(http::field::content_type, mime_type(real));
  res.set("X-Content-Type-Options", "nosniff");
  if (req.method() == http::verb::head) {  // the header alone: no need to open the file
    res.content_length(size);
    return res;
  }
  http::file_body::value_type body;
  beast::error_code open_failed;
  body.open(real.c_str(), beast::file_mode::scan, open_failed);
  if (open_failed) return error(http::status::not_found, "not_found", "cannot read file");
  FileResponse file{std::move(res.base()), std::move(body)};
  file.prepare_payload();  // Content-Length: the size of the file as opened
  return file;
}

}  // namespace tent::net
