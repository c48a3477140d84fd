#include "cluster/redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <vector>

#include "cluster/redis_reply.hpp"

namespace voxgate::cluster {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// Runs one setup command; false with `error` set when it fails.
bool setup(redisContext* c, const std::vector<std::string>& cmd, std::string& error) {
  RedisArgv a(cmd);
  auto* reply =
      static_cast<redisReply*>(redisCommandArgv(c, a.argc(), a.argv.data(), a.lens.data()));
  // Never echo the AUTH command itself: it holds the password.
  if (!reply) {
    error = cmd[0] + " failed: " + (c->errstr[0] ? c->errstr : "connection lost");
    return false;
  }
  const RedisReply out = RedisReply::from(*reply);
  freeReplyObject(reply);
  if (out.is_error()) error = cmd[0] + " failed: redis error: " + out.str;
  return !out.is_error();
}

}  // namespace

RedisArgv::RedisArgv(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    argv.push_back(w.data());
    lens.push_back(w.size());
  }
}

redisContext* open_redis_connection(const RedisEndpoint& e, std::chrono::milliseconds timeout,
                                    std::string& error) {
  redisContext* c = redisConnectWithTimeout(e.host.c_str(), e.port, to_timeval(timeout));
  if (!c || c->err) {
    error = c ? c->errstr : "cannot allocate a connection";
    if (c) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, to_timeval(timeout));
  redisEnableKeepAlive(c);
  std::vector<std::vector<std::string>> commands;
  if (!e.password.empty()) {
    commands.push_back(e.user.empty() ? std::vector<std::string>{"AUTH", e.password}
                                      : std::vector<std::string>{"AUTH", e.user, e.password});
  }
  if (e.db != 0) commands.push_back({"SELECT", std::to_string(e.db)});
  for (const auto& cmd : commands) {
    if (!setup(c, cmd, error)) {
      redisFree(c);
      return nullptr;
    }
  }
  return c;
}

}  // namespace voxgate::cluster
