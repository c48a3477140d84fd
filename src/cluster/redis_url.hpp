#pragma once
// cluster.redis_url: "redis://[[user]:password@]host[:port][/db]". The
// password is a secret: never logged (redacted() prints the URL without it).

#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace voxgate::cluster {

struct RedisEndpoint {
  std::string host;
  uint16_t port = 6379;
  std::string user;      // empty: AUTH with the password alone
  std::string password;  // empty: no AUTH
  int db = 0;
  std::string redacted() const;  // "redis://host:port/db"
};

common::Result<RedisEndpoint, std::string> parse_redis_url(const std::string& url);

}  // namespace voxgate::cluster
