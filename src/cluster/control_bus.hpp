#pragma once
// ControlBus: call control across instances over Redis pub/sub. An instance
// asked to act on a call another instance holds publishes the request on
// the holder's channel (<prefix>control:<instance>); the holder runs it on
// its own call and publishes the answer on the asker's reply channel
// (<prefix>control-reply:<instance>), matched by request id. The asker gets
// the holder's answer, or an error when Redis cannot carry the request, no
// instance listens on the holder's channel, or no answer comes within
// `timeout`.
//
// Threads: requests are published through the RedisWorker (its thread runs
// the publish's callback); the subscriber's thread receives both channels,
// runs `run` for requests to this instance and calls `done` for answers and
// for requests whose time is up. `done` runs on either thread: callers on an
// I/O thread post it to their executor. Pending requests are guarded by one
// mutex, held for map operations only. The owner stops the publisher
// (RedisWorker) before destroying the bus: the publish callbacks use it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cluster/cluster_result.hpp"
#include "cluster/redis_subscriber.hpp"
#include "cluster/redis_worker.hpp"

namespace voxgate::cluster {

// An API request as the holder runs it: its method, target and body.
struct ControlRequest {
  std::string method;
  std::string target;
  std::string body;
};

// The holder's answer: the HTTP status and JSON body it would have sent.
struct ControlAnswer {
  int status = 0;
  std::string body;
};

struct ControlBusOptions {
  RedisEndpoint endpoint;
  std::string prefix = "voxgate:";
  std::string instance_id;
  std::chrono::milliseconds timeout{2000};
};

class ControlBus {
 public:
  // Runs a request sent to this instance, on the subscriber's thread.
  using Runner = std::function<ControlAnswer(const ControlRequest&)>;

  ControlBus(ControlBusOptions opts, RedisWorker& publisher, Runner run);
  ~ControlBus();  // stop()
  ControlBus(const ControlBus&) = delete;
  ControlBus& operator=(const ControlBus&) = delete;
  // Stops receiving; pending requests fail ("stopping").
  void stop();
  bool wait_subscribed(std::chrono::milliseconds timeout) const {
    return subscriber_->wait_subscribed(timeout);
  }

  // Sends `req` to instance `owner` and calls `done` once with its answer.
  void request(const std::string& owner, const ControlRequest& req,
               ClusterCallback<ControlAnswer> done);

 private:
  struct Pending {
    std::string owner;
    std::chrono::steady_clock::time_point deadline;
    ClusterCallback<ControlAnswer> done;
  };
  std::string channel(const std::string& instance) const;
  std::string reply_channel(const std::string& instance) const;
  void on_message(const std::string& channel, const std::string& message);
  void on_request(const std::string& message);
  void on_answer(const std::string& message);
  void expire();
  // Removes and returns the pending request `id`'s callback (empty if none).
  ClusterCallback<ControlAnswer> take(const std::string& id);

  const ControlBusOptions opts_;
  RedisWorker& publisher_;
  const Runner run_;
  std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::string, Pending> pending_;
  std::unique_ptr<RedisSubscriber> subscriber_;  // last: its thread uses the above
};

}  // namespace voxgate::cluster
