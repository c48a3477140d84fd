#pragma once
// ClusterState: the shared live state one instance uses, in Redis when
// cluster.redis_url is set (one RedisWorker and the Redis implementations
// on it), else this process's own. Owner: the app, which stop()s it before
// the executors its callers' callbacks post to go away.

#include <memory>
#include <string>

#include "cluster/control_bus.hpp"
#include "cluster/live_call_registry.hpp"
#include "cluster/redis_worker.hpp"
#include "cluster/replay_set.hpp"
#include "cluster/transfer_book.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"

namespace voxgate::cluster {

struct ClusterOptions {
  std::string redis_url;  // empty: this process only
  std::string instance_id;
  std::string key_prefix = "voxgate:";  // every key, so one Redis can hold other data too
};

class ClusterState {
 public:
  // `unix_clock` reads Unix time (expiries every instance reads alike). The
  // error names a bad URL; an unreachable Redis is no error (the worker
  // keeps trying, and operations fail fast until it answers).
  static common::Result<std::unique_ptr<ClusterState>, std::string> open(
      const ClusterOptions& opts, const common::Clock& unix_clock);
  ~ClusterState();
  ClusterState(const ClusterState&) = delete;
  ClusterState& operator=(const ClusterState&) = delete;

  bool shared() const { return worker_ != nullptr; }
  const std::string& instance_id() const { return instance_id_; }
  // Null when the state is this process's: a caller keeps its own.
  RedisWorker* worker() { return worker_.get(); }
  ReplaySet& replay_set() { return *replay_; }
  TransferBook& transfer_book() { return *transfers_; }
  LiveCallRegistry& live_calls() { return *live_calls_; }
  // Starts cross-instance control (shared state only): requests for this
  // instance's calls are run by `run`, on the bus's thread. Null until then,
  // and always without Redis.
  void start_control(ControlBus::Runner run, std::chrono::milliseconds timeout);
  ControlBus* control() { return control_.get(); }
  // Stops the Redis worker: later operations fail at once.
  void stop();

 private:
  ClusterState() = default;

  std::string instance_id_;
  std::unique_ptr<RedisWorker> worker_;  // null: this process only
  std::unique_ptr<ReplaySet> replay_;
  std::unique_ptr<TransferBook> transfers_;
  std::unique_ptr<LiveCallRegistry> live_calls_;
  std::unique_ptr<ControlBus> control_;
  RedisEndpoint endpoint_;
  std::string key_prefix_;
};

// The default server.instance_id: "<host name>-<pid>", unique among the
// instances of one host and, with distinct host names (pods), of a cluster.
std::string default_instance_id();

}  // namespace voxgate::cluster
