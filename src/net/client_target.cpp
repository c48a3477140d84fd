#include "net/client_target.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/url/parse.hpp>

namespace voxgate::net {

namespace ssl = boost::asio::ssl;

common::Result<ClientTarget, std::string> parse_client_target(std::string_view url,
                                                              std::string_view plain,
                                                              std::string_view secure) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return common::unexpected(std::string("not a URI"));
  const auto scheme = u->scheme();
  if (scheme != plain && scheme != secure) {
    return common::unexpected("scheme is not " + std::string(plain) + "/" + std::string(secure));
  }
  ClientTarget t;
  t.secure = scheme == secure;
  t.host = std::string(u->host_address());
  if (t.host.empty()) return common::unexpected(std::string("no host"));
  const std::string default_port = t.secure ? "443" : "80";
  t.port = u->has_port() ? std::string(u->port()) : default_port;
  t.host_header = std::string(u->encoded_host()) + (t.port == default_port ? "" : ":" + t.port);
  t.target = u->encoded_path().empty() ? "/" : std::string(u->encoded_path());
  if (u->has_query()) t.target += "?" + std::string(u->encoded_query());
  return t;
}

std::shared_ptr<ssl::context> make_client_tls(const std::string& ca_file, bool verify_peer,
                                              boost::system::error_code& ec) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  if (!verify_peer) {
    ctx->set_verify_mode(ssl::verify_none);
    return ctx;
  }
  ctx->set_verify_mode(ssl::verify_peer);
  if (ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    ctx->load_verify_file(ca_file, ec);
  }
  return ec ? nullptr : ctx;
}

}  // namespace voxgate::net
