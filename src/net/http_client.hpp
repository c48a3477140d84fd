#pragma once
// HttpClient: one-shot async HTTP(S) POST (webhook tools, docs/tools.md). Parses the
// URL (Boost.URL), resolves, connects, TLS with SNI, peer and host-name
// verification (as net/ws_client.cpp), writes the request, reads the reply
// with a body limit; the whole exchange runs under one deadline. A fresh
// connection per request: tool calls are rare next to media, and a pool would
// need idle-connection bookkeeping for no measured gain.
//
// Owner: whoever runs requests (the app's tool runner); it must outlive the
// requests it started (they keep a shared_ptr to the TLS context only).
// Thread-safe: post() may be called from any thread; `done` runs exactly once
// on the given executor (a call's strand). Header values and bodies are
// never logged or put in errors (they may carry secrets).

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace voxgate::net {

struct HttpClientOptions {
  std::string ca_file;  // empty => the system trust store
  bool verify_peer = true;
  std::size_t max_body = 1 << 20;  // a longer reply is an error
};

struct HttpPost {
  std::string url;  // http:// or https://, with path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string body;
  std::chrono::milliseconds timeout{5000};  // resolve to last byte of the reply
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HttpError {
  enum class Kind { kBadUrl, kResolve, kConnect, kTimeout, kTls, kProtocol };
  Kind kind = Kind::kProtocol;
  std::string message;
};

std::string_view to_string(HttpError::Kind kind);

using HttpResult = common::Result<HttpReply, HttpError>;

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions opts = {});
  ~HttpClient();

  // Starts the POST; `done` runs on `executor`, never inside this call.
  void post(boost::asio::any_io_executor executor, HttpPost request,
            std::function<void(HttpResult)> done) const;

 private:
  HttpClientOptions opts_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // null if the trust store failed
};

}  // namespace voxgate::net
