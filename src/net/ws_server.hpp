#pragma once
// WsServer: a WebSocket-only server: listens on one address, answers an
// upgrade on any path through one acceptor (which hands the connection to a
// session of its own, or refuses it with an HTTP response), and closes every
// connection still open when stopped. The plumbing the local agent's server
// and tools/fakeai share (ARCHITECTURE.md: net/ is the one WebSocket stack).
//
// Owner: unique_ptr of the server that uses it. Thread affinity: start() at
// start-up; port() and stop() from any thread. The acceptor, and the handler
// it returns, run on the new connection's strand, under the server's lock:
// once stop() has returned neither runs again, so they may point at their
// owner. Non-upgrade requests are answered by the Router (404).

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "net/http_session.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"

namespace voxgate::net {

struct WsServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: ephemeral
  HttpOptions http;   // limits of the upgrade request and of each WsConnection
};

class WsServer {
 public:
  // Binds, listens and starts accepting. Errors are operator-readable
  // sentences ("cannot listen on 127.0.0.1:80: Permission denied").
  static common::Result<std::unique_ptr<WsServer>, std::string> start(boost::asio::io_context& io,
                                                                      WsServerOptions opts,
                                                                      WsAcceptor acceptor);

  ~WsServer();
  WsServer(const WsServer&) = delete;
  WsServer& operator=(const WsServer&) = delete;

  uint16_t port() const { return listener_->port(); }
  // Stops accepting and closes every open connection (1001, going away:
  // RFC 6455 7.4.1). Idempotent.
  void stop();

  struct Shared;  // what the router's handler shares with the server
  WsServer(std::shared_ptr<Shared> shared, std::shared_ptr<Listener> listener);

 private:
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace voxgate::net
