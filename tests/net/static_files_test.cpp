#include "net/static_files.hpp"

#include "clients.hpp"
#include "live_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>
#include <variant>

using namespace tent::net;
namespace fs = std::filesystem;

namespace {

// A web root under the temp directory, removed with its contents at scope end:
//   CMakeLists.txt, secret.txt          (outside every served folder)
//   kiosk/index.html, kiosk/app.js, ... kiosk/sub/index.html, kiosk/escape -> ../secret.txt
//   admin/index.html                    (exists but is not a listed folder)
class WebRoot {
public:
  WebRoot() {
    static std::atomic<int> counter{0};
    root_ =
        fs::temp_directory_path() / ("tent-net-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "kiosk" / "sub");
    fs::create_directories(root_ / "admin");
    write("CMakeLists.txt", "TOP SECRET");
    write("secret.txt", "TOP SECRET");
    write("kiosk/index.html", "<h1>kiosk</h1>");
    write("kiosk/sub/index.html", "<h1>sub</h1>");
    write("admin/index.html", "TOP SECRET");
    fs::create_symlink(root_ / "secret.txt", root_ / "kiosk" / "escape");
  }
  ~WebRoot() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  WebRoot(WebRoot const&) = delete;
  WebRoot& operator=(WebRoot const&) = delete;

  void write(std::string const& relative, std::string const& content) const {
    std::ofstream(root_ / relative, std::ios::binary | std::ios::trunc) << content;
  }
  fs::path const& path() const { return root_; }

private:
  fs::path root_;
};

// The answer as the client receives it: a file body read from its file. Nullopt when serve() had none.
std::optional<Response> in_memory(std::optional<Answer> answer) {
  if (!answer) return std::nullopt;
  if (auto* res = std::get_if<Response>(&*answer)) return std::move(*res);
  auto& file = std::get<FileResponse>(*answer);
  std::string body(file.body().size(), '\0');
  std::size_t got = 0;
  beast::error_code ec;
  while (got < body.size() && !ec) got += file.body().file().read(body.data() + got, body.size() - got, ec);
  REQUIRE_FALSE(ec);
  Response res{std::move(file.base())};
  res.body() = std::move(body);
  return res;
}

Request get(std::string const& target, http::verb method = http::verb::get) {
  Request req{method, target, 11};
  req.set(http::field::host, "tent.local");
  return req;
}

}  // namespace

TEST_CASE("Static files are served with the right content type", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk", "shared"});
  auto [name, type] = GENERATE(table<std::string, std::string>({
      {"index.html", "text/html; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"client.mjs", "text/javascript; charset=utf-8"},
      {"config.json", "application/json"},
      {"logo.svg", "image/svg+xml"},
      {"logo.png", "image/png"},
      {"photo.JPG", "image/jpeg"},
      {"favicon.ico", "image/x-icon"},
      {"font.woff2", "font/woff2"},
      {"app.webmanifest", "application/manifest+json"},
      {"notes.txt", "text/plain; charset=utf-8"},
      {"ding.wav", "audio/wav"},
      {"ding.mp3", "audio/mpeg"},
      {"blob.bin", "application/octet-stream"},
  }));
  web.write("kiosk/" + name, "content of " + name);
  auto const res = in_memory(files.serve(get("/kiosk/" + name)));
  REQUIRE(res);
  CHECK(res->result() == http::status::ok);
  CHECK(res->body() == "content of " + name);
  CHECK((*res)[http::field::content_type] == type);
  CHECK((*res)[http::field::cache_control] == "no-cache");
  CHECK_FALSE((*res)[http::field::etag].empty());
}

TEST_CASE("A folder path serves that folder's index.html", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk"});
  auto [target, body] = GENERATE(table<std::string, std::string>({
      {"/kiosk/", "<h1>kiosk</h1>"},
      {"/kiosk/?lang=de", "<h1>kiosk</h1>"},
      {"/kiosk/sub/", "<h1>sub</h1>"},
  }));
  auto const res = in_memory(files.serve(get(target)));
  REQUIRE(res);
  CHECK(res->result() == http::status::ok);
  CHECK(res->body() == body);
  CHECK((*res)[http::field::content_type] == "text/html; charset=utf-8");
}

TEST_CASE("A folder without its trailing slash redirects, so the page's relative URLs resolve", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk"});
  auto const res = in_memory(files.serve(get("/kiosk?lang=de")));
  REQUIRE(res);
  CHECK(res->result() == http::status::moved_permanently);
  CHECK((*res)[http::field::location] == "/kiosk/");
}

TEST_CASE("Paths outside the listed folders are not static files", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk"});
  auto const target = GENERATE(as<std::string>{}, "/", "/admin/index.html", "/admin", "/kioskx/app.js", "/api/state",
                               "/%6biosk/index.html", "kiosk/index.html");
  CHECK_FALSE(in_memory(files.serve(get(target))));
}

TEST_CASE("Traversal attempts are refused and never reveal the file", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk"});
  auto const target =
      GENERATE(as<std::string>{}, "/kiosk/../CMakeLists.txt", "/kiosk/%2e%2e/secret.txt", "/kiosk/..%2fsecret.txt",
               "/kiosk/%2E%2E%2Fsecret.txt", "/kiosk/sub/../../secret.txt", "/kiosk/..\\secret.txt",
               "/kiosk/%5c..%5csecret.txt", "/kiosk//etc/passwd", "/kiosk/%2fetc/passwd", "/kiosk/./index.html",
               "/kiosk/index.html%00.png", "/kiosk/%zz", "/kiosk/escape");
  auto const res = in_memory(files.serve(get(target)));
  REQUIRE(res);
  CHECK(res->result() != http::status::ok);
  CHECK(res->body().find("TOP SECRET") == std::string::npos);
  CHECK((*res)[http::field::content_type] == "application/json");
}

TEST_CASE("A missing file gets 404 JSON", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk", "display"});
  auto const target = GENERATE(as<std::string>{}, "/kiosk/missing.js", "/display/", "/kiosk/sub");
  auto const res = in_memory(files.serve(get(target)));
  REQUIRE(res);
  CHECK(res->result() == http::status::not_found);
  CHECK(nlohmann::json::parse(res->body()).at("error").at("code") == "not_found");
}

TEST_CASE("A file over 8 MiB is not served", "[net]") {
  WebRoot web;
  web.write("kiosk/huge.bin", std::string(8 * 1024 * 1024 + 1, 'h'));
  StaticFiles files(web.path(), {"kiosk"});
  auto const res = in_memory(files.serve(get("/kiosk/huge.bin")));
  REQUIRE(res);
  CHECK(res->result() == http::status::not_found);
}

TEST_CASE("Only GET and HEAD are allowed on static files", "[net]") {
  WebRoot web;
  StaticFiles files(web.path(), {"kiosk"});
  auto const post = in_memory(files.serve(get("/kiosk/index.html", http::verb::post)));
  REQUIRE(post);
  CHECK(post->result() == http::status::method_not_allowed);
  CHECK((*post)[http::field::allow] == "GET, HEAD");

  auto const head = in_memory(files.serve(get("/kiosk/index.html", http::verb::head)));
  REQUIRE(head);
  CHECK(head->result() == http::status::ok);
  CHECK(head->body().empty());
  CHECK((*head)[http::field::content_length] == std::to_string(std::string("<h1>kiosk</h1>").size()));
}

TEST_CASE("A matching If-None-Match gets 304 and a changed file gets a new ETag", "[net]") {
  WebRoot web;
  web.write("kiosk/app.js", "export const v = 1;");
  StaticFiles files(web.path(), {"kiosk"});
  auto const first = in_memory(files.serve(get("/kiosk/app.js")));
  REQUIRE(first);
  std::string const etag{(*first)[http::field::etag]};

  for (std::string const& if_none_match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    INFO("If-None-Match: " << if_none_match);
    Request conditional = get("/kiosk/app.js");
    conditional.set(http::field::if_none_match, if_none_match);
    auto const again = in_memory(files.serve(conditional));
    REQUIRE(again);
    CHECK(again->result() == http::status::not_modified);
    CHECK(again->body().empty());
    CHECK((*again)[http::field::etag] == etag);
  }

  web.write("kiosk/app.js", "export const v = 22;");
  Request stale = get("/kiosk/app.js");
  stale.set(http::field::if_none_match, etag);
  auto const changed = in_memory(files.serve(stale));
  REQUIRE(changed);
  CHECK(changed->result() == http::status::ok);
  CHECK(changed->body() == "export const v = 22;");
  CHECK((*changed)[http::field::etag] != etag);
}

TEST_CASE("A file is answered from disk as a file body, HEAD and 304 without opening it", "[net]") {
  WebRoot web;
  web.write("kiosk/app.js", "export const v = 1;");
  StaticFiles files(web.path(), {"kiosk"});
  auto get_answer = files.serve(get("/kiosk/app.js"));
  REQUIRE(get_answer);
  REQUIRE(std::holds_alternative<FileResponse>(*get_answer));
  auto const& file = std::get<FileResponse>(*get_answer);
  CHECK(file.body().size() == std::string("export const v = 1;").size());
  CHECK(file[http::field::content_length] == std::to_string(file.body().size()));

  auto const head = files.serve(get("/kiosk/app.js", http::verb::head));
  REQUIRE(head);
  CHECK(std::holds_alternative<Response>(*head));
  Request conditional = get("/kiosk/app.js");
  conditional.set(http::field::if_none_match, file[http::field::etag]);
  auto const not_modified = files.serve(conditional);
  REQUIRE(not_modified);
  CHECK(std::holds_alternative<Response>(*not_modified));
}

TEST_CASE("A large file is served intact over a real connection, and the connection stays usable", "[net]") {
  WebRoot web;
  std::string content(6 * 1024 * 1024 + 123, '\0');  // under the 8 MiB cap, far over any socket buffer
  std::mt19937 random(42);
  for (auto& c : content) c = static_cast<char>(random() & 0xff);
  web.write("kiosk/big.bin", content);
  StaticFiles files(web.path(), {"kiosk"});
  test::LiveServer server;
  server.handler().files = &files;
  boost::asio::io_context io;
  test::HttpClient client(io, server.port());

  auto const whole = client.request(test::make_request(http::verb::get, "/kiosk/big.bin"));
  CHECK(whole.result() == http::status::ok);
  CHECK(whole[http::field::content_type] == "application/octet-stream");
  CHECK(whole.body().size() == content.size());
  CHECK(whole.body() == content);

  client.write_raw("HEAD /kiosk/big.bin HTTP/1.1\r\nHost: tent.local\r\n\r\n");
  auto const head = client.read_response(true);
  CHECK(head.result() == http::status::ok);
  CHECK(head[http::field::content_length] == std::to_string(content.size()));

  auto const after = client.request(test::make_request(http::verb::get, "/echo"));
  CHECK(after.body() == "GET /echo ");  // the same connection, answered by the handler again
  server.handler().files = nullptr;
}

TEST_CASE("A target under a folder that is not a valid URL path gets 400 JSON", "[net]") {
  WebRoot web;
  web.write("kiosk/app.js", "export const v = 1;");
  StaticFiles files(web.path(), {"kiosk"});
  auto const target = GENERATE(as<std::string>{}, "/kiosk/%zz", "/kiosk/app.js%2", "/kiosk/..\\app.js",
                               "/kiosk/app.js#top", "/kiosk/a b.js", "/kiosk?%zz");
  auto const res = in_memory(files.serve(get(target)));
  REQUIRE(res);
  CHECK(res->result() == http::status::bad_request);
  CHECK(nlohmann::json::parse(res->body()).at("error").at("code") == "bad_request");
}

TEST_CASE("A percent-encoded name is decoded segment by segment", "[net]") {
  WebRoot web;
  fs::create_directories(web.path() / "kiosk" / "i18n");
  web.write("kiosk/i18n/zoë 1.json", "{}");
  StaticFiles files(web.path(), {"kiosk"});
  auto const res = in_memory(files.serve(get("/kiosk/i18n/zo%C3%AB%201.json?v=2")));
  REQUIRE(res);
  CHECK(res->result() == http::status::ok);
  CHECK(res->body() == "{}");
  auto const slash = in_memory(files.serve(get("/kiosk/i18n%2fzo%C3%AB%201.json")));
  REQUIRE(slash);
  CHECK(slash->result() == http::status::forbidden);  // an encoded '/' never splits a segment
}
