#include "net/fail.hpp"

#include "log/logger.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace tent::net {

namespace {

bool is_ordinary_end(boost::beast::error_code ec) {
  namespace asio = boost::asio;
  return ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::not_connected ||
         ec == boost::beast::websocket::error::closed || ec == boost::beast::http::error::end_of_stream ||
         ec == boost::beast::error::timeout;
}

}  // namespace

void fail(boost::beast::error_code ec, char const* what) {
  if (is_ordinary_end(ec)) return;
  log::warn("net", std::string(what) + ": " + ec.message(), {{"step", what}, {"error", ec.message()}});
}

}  // namespace tent::net
