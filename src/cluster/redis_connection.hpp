#pragma once
// Opens one blocking hiredis connection: connect within `timeout`, the same
// timeout on each command, TCP keep-alive, then AUTH and SELECT as the URL
// says. Shared by the command worker and the pub/sub subscriber (hiredis
// needs a connection of its own for SUBSCRIBE).

#include <chrono>
#include <string>

#include "cluster/redis_url.hpp"

struct redisContext;

namespace voxgate::cluster {

// The connection, or null with `error` set (never holding the password).
redisContext* open_redis_connection(const RedisEndpoint& e, std::chrono::milliseconds timeout,
                                    std::string& error);

}  // namespace voxgate::cluster
