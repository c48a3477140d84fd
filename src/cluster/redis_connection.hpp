#pragma once
// Opens one blocking hiredis connection: connect within `timeout`, the same
// timeout on each command, TCP keep-alive, then AUTH and SELECT as the URL
// says. Shared by the command worker and the pub/sub subscriber (hiredis
// needs a connection of its own for SUBSCRIBE).

#include <chrono>
#include <string>
#include <vector>

#include "cluster/redis_url.hpp"

struct redisContext;

namespace voxgate::cluster {

// A command's words as hiredis's argv/argvlen take them (binary-safe);
// views into `words`, which must outlive it.
struct RedisArgv {
  explicit RedisArgv(const std::vector<std::string>& words);
  int argc() const { return static_cast<int>(argv.size()); }
  std::vector<const char*> argv;
  std::vector<size_t> lens;
};

// The connection, or null with `error` set (never holding the password).
redisContext* open_redis_connection(const RedisEndpoint& e, std::chrono::milliseconds timeout,
                                    std::string& error);

}  // namespace voxgate::cluster
