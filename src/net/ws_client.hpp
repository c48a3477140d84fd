#pragma once
// WsClient: opens a client WebSocket (ws:// or wss://): parse URL, resolve,
// connect, TLS (SNI, peer and host-name verification), handshake with extra
// headers; hands back a WsConnection on the caller's strand.
//
// Owner: none; connect() keeps its own state alive until `done` is called.
// Thread affinity: `done` runs on the given strand, exactly once.
// Header values are never logged or put in errors (they carry API keys).

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::net {

struct ClientOptions {
  std::string url;  // ws:// or wss://, with path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds connect_timeout{5000};    // resolve + TCP connect
  std::chrono::milliseconds handshake_timeout{5000};  // TLS + WebSocket handshakes
  std::string ca_file;                                // empty => the system trust store
  bool verify_peer = true;
  WsOptions ws;
};

struct ConnectError {
  enum class Kind {
    kBadUrl,
    kResolve,
    kRefused,
    kTimeout,
    kTls,
    kHandshakeStatus,  // the server answered the upgrade with http_status
    kProtocol,
    kClosed,
  };
  Kind kind = Kind::kProtocol;
  int http_status = 0;
  std::string message;
};

std::string_view to_string(ConnectError::Kind kind);

using ConnectResult = common::Result<std::shared_ptr<WsConnection>, ConnectError>;

class WsClient {
 public:
  static void connect(boost::asio::any_io_executor strand, ClientOptions opts,
                      std::function<void(ConnectResult)> done);
};

}  // namespace voxgate::net
