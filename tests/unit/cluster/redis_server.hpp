#pragma once
// A throwaway redis-server for the cluster's tests: started on a free
// 127.0.0.1 port with its working folder in a fresh temporary folder and no
// persistence (--save '' --appendonly no). stop() and start() again keep the
// port, to test reconnects. The destructor stops it and removes the folder.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"

namespace voxgate::cluster::test {

class RedisServer {
 public:
  // $VOXGATE_REDIS_SERVER, else redis-server on PATH; empty when none.
  static std::string find_binary();
  // True when a missing server fails the tests (VOXGATE_REQUIRE_SERVERS=1).
  static bool required();

  static common::Result<std::unique_ptr<RedisServer>, std::string> launch(
      const std::string& binary);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts it and waits (bounded) until it answers PING.
  bool start(std::string& error);
  // SIGTERM and wait for the process to end.
  void stop();

  uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  RedisServer(std::string binary, std::string dir, uint16_t port)
      : binary_(std::move(binary)), dir_(std::move(dir)), port_(port) {}

  const std::string binary_, dir_;
  const uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace voxgate::cluster::test
