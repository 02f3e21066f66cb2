#pragma once
// Reporting of asynchronous failures, as in Beast's examples.

#include <boost/beast/core/error.hpp>

namespace tent::net {

// Logs `what: message` (a warning) unless the error is the ordinary end of a connection
// (operation_aborted, WebSocket closed, end of stream, connection reset, timeout).
void fail(boost::beast::error_code ec, char const* what);

}  // namespace tent::net
