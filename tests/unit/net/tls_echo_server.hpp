#pragma once
// TlsEchoServer: a one-connection wss echo server on 127.0.0.1 with a given
// (self-signed) certificate, for the WsClient TLS tests.
// Owner: the test. Thread affinity: the io_context's thread (the test's).
// Its handlers capture shared state, not `this`: they may complete in a
// later test's io run, after the server object is gone.
// Kept in its own translation unit: the TLS handshake and WebSocket accept
// instantiations are the heaviest code in unit_net; on their own they compile
// in parallel with the test files instead of at the end of one long file.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>

#include "net_test_support.hpp"

namespace voxgate::net::test {

class TlsEchoServer {
 public:
  TlsEchoServer(asio::io_context& io, const CertPair& cert);
  ~TlsEchoServer();
  TlsEchoServer(const TlsEchoServer&) = delete;
  TlsEchoServer& operator=(const TlsEchoServer&) = delete;
  uint16_t port() const;

 private:
  struct State;
  std::shared_ptr<State> st_;
};

}  // namespace voxgate::net::test
