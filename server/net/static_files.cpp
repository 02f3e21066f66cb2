#include "net/static_files.hpp"

#include "net/json_error.hpp"
#include "net/mime_types.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

namespace tent::net {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_file_size = 8 * 1024 * 1024;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// nullopt on a malformed escape ('%' not followed by two hex digits).
std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    int const hi = hex_value(in[i + 1]);
    int const lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// True if the decoded relative path is free of traversal tricks. A trailing '/' is allowed.
bool is_safe_relative(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return false;
  if (path.empty()) return true;
  if (path.front() == '/') return false;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t const end = std::min(path.find('/', start), path.size());
    std::string_view const segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
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

std::optional<Response> StaticFiles::serve(Request const& req) const {
  std::string_view target = req.target();
  target = target.substr(0, std::min(target.find('?'), target.find('#')));
  if (target.empty() || target.front() != '/') return std::nullopt;
  target.remove_prefix(1);
  std::size_t const slash = target.find('/');
  std::string const folder{target.substr(0, slash)};
  if (std::find(folders_.begin(), folders_.end(), folder) == folders_.end()) return std::nullopt;
  std::string const rest{slash == std::string_view::npos ? std::string_view{} : target.substr(slash + 1)};

  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    Response res = json_error(http::status::method_not_allowed, "method_not_allowed", "only GET and HEAD are allowed",
                              req.version(), req.keep_alive());
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (slash == std::string_view::npos) {  // "/kiosk": redirect, so the page's relative URLs resolve
    Response res{http::status::moved_permanently, req.version()};
    res.set(http::field::location, "/" + folder + "/");
    res.keep_alive(req.keep_alive());
    return res;
  }
  return serve_file(req, folder, rest);
}

Response StaticFiles::serve_file(Request const& req, std::string const& folder, std::string const& rest) const {
  auto const error = [&req](http::status status, std::string_view code, std::string_view message) {
    return json_error(status, code, message, req.version(), req.keep_alive());
  };
  std::optional<std::string> const decoded = percent_decode(rest);
  if (!decoded) return error(http::status::bad_request, "bad_request", "malformed percent-encoding in path");
  if (!is_safe_relative(*decoded)) return error(http::status::forbidden, "forbidden", "path not allowed");

  fs::path const base = web_root_ / folder;
  fs::path file = base / *decoded;
  if (decoded->empty() || decoded->back() == '/') file /= "index.html";

  std::error_code ec;
  fs::path const real_base = fs::weakly_canonical(base, ec);
  if (ec) return error(http::status::not_found, "not_found", "no such file");
  fs::path const real = fs::weakly_canonical(file, ec);
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
  if (req.method() == http::verb::head) {
    res.content_length(size);
    return res;
  }
  std::ifstream in(real, std::ios::binary);
  std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) return error(http::status::not_found, "not_found", "cannot read file");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace tent::net
