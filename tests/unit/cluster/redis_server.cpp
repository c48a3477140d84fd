#include "redis_server.hpp"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "fakes/servers/throwaway_server.hpp"

namespace voxgate::cluster::test {
namespace {

namespace fs = std::filesystem;

bool answers_ping(uint16_t port) {
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port, timeval{0, 200000});
  bool ok = false;
  if (c && !c->err) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = r && r->type == REDIS_REPLY_STATUS;
    if (r) freeReplyObject(r);
  }
  if (c) redisFree(c);
  return ok;
}

}  // namespace

std::string RedisServer::find_binary() {
  if (const char* env = std::getenv("VOXGATE_REDIS_SERVER"); env && *env) return env;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/usr/local/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir) / "redis-server";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

bool RedisServer::required() {
  return voxgate::testing::servers_required();
}

common::Result<std::unique_ptr<RedisServer>, std::string> RedisServer::launch(
    const std::string& binary) {
  std::string tmpl = (fs::temp_directory_path() / "voxgate_redis_XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return common::unexpected(std::string("mkdtemp failed"));
  const uint16_t port = voxgate::testing::free_loopback_port();
  if (port == 0) return common::unexpected(std::string("no free port on 127.0.0.1"));
  std::unique_ptr<RedisServer> s(new RedisServer(binary, tmpl, port));
  std::string error;
  if (!s->start(error)) return common::unexpected(error);
  return s;
}

RedisServer::~RedisServer() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

bool RedisServer::start(std::string& error) {
  const std::string port = std::to_string(port_);
  const std::string log = dir_ + "/redis.log";
  pid_ = ::fork();
  if (pid_ < 0) {
    error = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    ::execl(binary_.c_str(), binary_.c_str(), "--port", port.c_str(), "--bind", "127.0.0.1",
            "--dir", dir_.c_str(), "--save", "", "--appendonly", "no", "--logfile", log.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Bounded: a server that does not answer within 10 s is an error.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (answers_ping(port_)) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error = "redis-server exited at start; see " + log;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error = "redis-server did not answer PING within 10 s";
  stop();
  return false;
}

void RedisServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace voxgate::cluster::test
