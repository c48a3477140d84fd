#pragma once
// FakeAiServer: a scripted OpenAI-Realtime-compatible WebSocket server for tests,
// benchmarks and demos. Runs on net::WsServer (the local agent's server
// plumbing) on the caller's io_context (run it on any number of threads);
// each connection lives on its own strand with its timer and a bounded write
// queue, and is driven by a FakeConnection. Methods are thread-safe.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "fakeai/script.hpp"
#include "fakeai/stats.hpp"

namespace voxgate::net {
class WsServer;
}

namespace voxgate::fakeai {

class FakeAiServer {
 public:
  // Binds and starts accepting at once, so port() is valid on return. Throws
  // std::runtime_error (an operator-readable sentence) when the address cannot
  // be bound (start-up only).
  FakeAiServer(boost::asio::io_context& ioc, Script script, std::string host = "127.0.0.1",
               uint16_t port = 0);
  ~FakeAiServer();
  FakeAiServer(const FakeAiServer&) = delete;
  FakeAiServer& operator=(const FakeAiServer&) = delete;

  uint16_t port() const;
  void stop();          // stop accepting and close every open connection (1001)
  Stats stats() const;  // totals so far, live connections included

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
  std::unique_ptr<net::WsServer> server_;
};

}  // namespace voxgate::fakeai
