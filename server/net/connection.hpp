#pragma once
// A live client connection as seen by Server::stop(): something that can be cut off at once.

namespace tent::net {

class Connection {
public:
  virtual ~Connection() = default;
  // Closes the socket without any handshake. Must not call back into the Context or the Handler
  // synchronously: pending operations complete later with operation_aborted.
  virtual void shutdown() noexcept = 0;

protected:
  Connection() = default;
  Connection(Connection const&) = default;
  Connection& operator=(Connection const&) = default;
};

}  // namespace tent::net
