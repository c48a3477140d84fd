#include "cluster/redis_url.hpp"

#include <boost/url/parse.hpp>
#include <charconv>

namespace voxgate::cluster {

using common::unexpected;

std::string RedisEndpoint::redacted() const {
  return "redis://" + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

common::Result<RedisEndpoint, std::string> parse_redis_url(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  // The URL may hold a password: errors never repeat it.
  if (!parsed) return unexpected(std::string("cluster.redis_url is not a URL"));
  const auto& u = *parsed;
  if (u.scheme() != "redis") {
    return unexpected(std::string("cluster.redis_url must start with redis://"));
  }
  RedisEndpoint e;
  e.host = u.host_address();
  if (e.host.empty()) return unexpected(std::string("cluster.redis_url has no host"));
  if (u.has_port()) {
    // port_number() wraps values past 65535: read the digits ourselves.
    const std::string digits = u.port();
    int port = 0;
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || p != digits.data() + digits.size() || port < 1 || port > 65535) {
      return unexpected(std::string("cluster.redis_url has a bad port"));
    }
    e.port = static_cast<uint16_t>(port);
  }
  if (u.has_userinfo()) {
    e.user = u.user();
    e.password = u.password();
  }
  std::string path = u.path();
  if (!path.empty() && path != "/") {
    const char* b = path.data() + 1;
    const char* end = path.data() + path.size();
    const auto [p, ec] = std::from_chars(b, end, e.db);
    if (ec != std::errc() || p != end || e.db < 0) {
      return unexpected(std::string("cluster.redis_url's path must be a database number"));
    }
  }
  return e;
}

}  // namespace voxgate::cluster
