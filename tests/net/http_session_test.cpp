#include "clients.hpp"
#include "live_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace tent::net;
using namespace tent::net::test;

namespace {

std::string error_code_of(Response const& res) {
  REQUIRE(res[http::field::content_type] == "application/json");
  return nlohmann::json::parse(res.body()).at("error").at("code").get<std::string>();
}

}  // namespace

TEST_CASE("A GET request returns the handler's response", "[net]") {
  LiveServer server;
  Response const res = http_request(server.port(), make_request(http::verb::get, "/hello?x=1"));
  CHECK(res.result() == http::status::ok);
  CHECK(res.body() == "GET /hello?x=1 ");
  CHECK(res[http::field::content_type] == "text/plain");
  CHECK(res[http::field::content_length] == std::to_string(res.body().size()));
  std::lock_guard lock(server.handler().mutex());
  REQUIRE(server.handler().remote_ips.size() == 1);
  CHECK(server.handler().remote_ips.front() == "127.0.0.1");
}

TEST_CASE("A keep-alive connection serves two requests one after the other", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  Response const first = client.request(make_request(http::verb::post, "/one", "body one"));
  Response const second = client.request(make_request(http::verb::get, "/two"));
  CHECK(first.body() == "POST /one body one");
  CHECK(first.keep_alive());
  CHECK(second.body() == "GET /two ");
}

TEST_CASE("A request asking for Connection: close gets its answer and then the connection closes", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  Request req = make_request(http::verb::get, "/bye");
  req.keep_alive(false);
  Response const res = client.request(req);
  CHECK(res.body() == "GET /bye ");
  CHECK_FALSE(res.keep_alive());
  CHECK(client.closed_by_server());
}

TEST_CASE("A HEAD request gets the GET's Content-Length and no body", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  client.write_raw("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
  Response const head = client.read_response(/*head=*/true);
  CHECK(head.result() == http::status::ok);
  CHECK(head[http::field::content_length] == std::to_string(std::string("HEAD /h ").size()));
  CHECK(head.body().empty());
  // The connection is still in step: the next response is read correctly.
  CHECK(client.request(make_request(http::verb::get, "/after")).body() == "GET /after ");
}

TEST_CASE("A body over the limit gets 413 JSON, and the server keeps serving", "[net]") {
  LiveServer server;  // default limit: 1 MiB
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  Response const res = client.request(make_request(http::verb::post, "/big", std::string(1024 * 1024 + 1, 'b')));
  CHECK(res.result() == http::status::payload_too_large);
  CHECK(error_code_of(res) == "body_too_large");
  CHECK_FALSE(res.keep_alive());
  CHECK(client.closed_by_server());

  CHECK(http_request(server.port(), make_request(http::verb::post, "/small", std::string(1024 * 1024, 's'))).result() ==
        http::status::ok);
  std::lock_guard lock(server.handler().mutex());
  CHECK(server.handler().requests == 1);
}

TEST_CASE("Headers over the limit get 431 JSON", "[net]") {
  LiveServer server;
  Request req = make_request(http::verb::get, "/");
  req.set("X-Padding", std::string(9 * 1024, 'p'));
  Response const res = http_request(server.port(), req);
  CHECK(res.result() == http::status::request_header_fields_too_large);
  CHECK(error_code_of(res) == "headers_too_large");
}

TEST_CASE("Garbage bytes get 400 JSON and a closed connection, and the server keeps serving", "[net]") {
  LiveServer server;
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  client.write_raw("this is not HTTP at all\r\n\r\n");
  Response const res = client.read_response();
  CHECK(res.result() == http::status::bad_request);
  CHECK(error_code_of(res) == "bad_request");
  CHECK(client.closed_by_server());

  CHECK(http_request(server.port(), make_request(http::verb::get, "/again")).body() == "GET /again ");
}

TEST_CASE("A handler that throws produces 500 JSON and the server keeps serving", "[net]") {
  LiveServer server;
  Response const res = http_request(server.port(), make_request(http::verb::get, "/throw"));
  CHECK(res.result() == http::status::internal_server_error);
  CHECK(error_code_of(res) == "internal_error");
  CHECK(http_request(server.port(), make_request(http::verb::get, "/fine")).result() == http::status::ok);
}

TEST_CASE("A connection that sends nothing is closed after the HTTP timeout", "[net]") {
  Options options;
  options.http_timeout = std::chrono::milliseconds(100);
  LiveServer server(options);
  boost::asio::io_context ioc;
  HttpClient client(ioc, server.port());
  CHECK(client.closed_by_server());
}
