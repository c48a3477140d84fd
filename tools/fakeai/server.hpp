#pragma once
// FakeAiServer: a scripted OpenAI-Realtime-compatible WebSocket server for tests,
// benchmarks and demos. Accepts on the caller's io_context (run it on any number
// of threads); each connection lives on its own strand with its timer and a
// bounded write queue, and is driven by a FakeSession. Methods are thread-safe.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "fakeai/script.hpp"
#include "fakeai/stats.hpp"

namespace voxgate::fakeai {

class FakeAiServer {
 public:
  // Binds and starts accepting at once, so port() is valid on return. Throws
  // boost::system::system_error when the address cannot be bound (start-up only).
  FakeAiServer(boost::asio::io_context& ioc, Script script, std::string host = "127.0.0.1",
               uint16_t port = 0);
  ~FakeAiServer();
  FakeAiServer(const FakeAiServer&) = delete;
  FakeAiServer& operator=(const FakeAiServer&) = delete;

  uint16_t port() const { return port_; }
  void stop();          // stop accepting and drop every open connection
  Stats stats() const;  // totals so far, live connections included

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace voxgate::fakeai
