#pragma once
// RedisSubscriber: a thread holding the SUBSCRIBE connection (hiredis cannot
// run other commands on a subscribed connection, so it is not the
// RedisWorker's). It delivers each message to `on_message` and calls
// `on_tick` about every `tick` (both on this thread), and reconnects with
// backoff (100 ms doubling to 5 s) when Redis goes away, subscribing again.
// Messages published while it was disconnected are lost (pub/sub keeps
// none): its users bound their waits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster/redis_url.hpp"

struct redisContext;

namespace voxgate::cluster {

class RedisSubscriber {
 public:
  struct Handlers {
    std::function<void(const std::string& channel, const std::string& message)> on_message;
    std::function<void()> on_tick;  // may be empty
  };
  RedisSubscriber(RedisEndpoint endpoint, std::vector<std::string> channels, Handlers handlers,
                  std::chrono::milliseconds tick = std::chrono::milliseconds(100));
  ~RedisSubscriber();  // stop()
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;
  // Stops the thread (within one tick); no handler runs after it returns.
  void stop();
  // Waits until the channels are subscribed or `timeout` passes.
  bool wait_subscribed(std::chrono::milliseconds timeout) const;

 private:
  void loop();
  bool subscribe();  // connects and subscribes; false: try again later
  bool read_some();  // false: the connection is lost
  void set_subscribed(bool on);

  const RedisEndpoint endpoint_;
  const std::vector<std::string> channels_;
  const Handlers handlers_;
  const std::chrono::milliseconds tick_;
  redisContext* ctx_ = nullptr;  // this thread only
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool subscribed_ = false;
  std::thread thread_;
};

}  // namespace voxgate::cluster
