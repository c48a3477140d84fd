#pragma once
// What both client kinds (net/ws_client.cpp, net/http_client.cpp) need from a
// URL and for TLS: host, port, Host header and request target from
// scheme://host[:port]/path?query (Boost.URL), and a client TLS context that
// verifies the peer against the system store or a CA file. Pure helpers;
// thread-safe.

#include <boost/system/error_code.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace voxgate::net {

struct ClientTarget {
  bool secure = false;
  std::string host;         // name or IP literal, for resolve, SNI and verification
  std::string port;         // explicit or the scheme's default
  std::string host_header;  // host[:port], the port only when not the default
  std::string target;       // path (at least "/") and ?query
};

// `plain` / `secure` are the accepted schemes ("ws"/"wss", "http"/"https").
// The error says what is wrong with the URL (never echoes it: it may hold a token).
common::Result<ClientTarget, std::string> parse_client_target(std::string_view url,
                                                              std::string_view plain,
                                                              std::string_view secure);

// A tls_client context: verify_none, or verify_peer against `ca_file` (empty:
// the system trust store). Null with `ec` set when the trust store fails.
std::shared_ptr<boost::asio::ssl::context> make_client_tls(const std::string& ca_file,
                                                           bool verify_peer,
                                                           boost::system::error_code& ec);

}  // namespace voxgate::net
