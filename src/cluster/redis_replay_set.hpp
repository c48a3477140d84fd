#pragma once
// The replay set in Redis: SET <prefix>replay:<key> 1 NX PX <ms to expiry>.
// NX makes the first SET win across instances; PX lets Redis forget the key
// when the token expires.

#include <string>

#include "cluster/redis_worker.hpp"
#include "cluster/replay_set.hpp"
#include "common/clock.hpp"

namespace voxgate::cluster {

class RedisReplaySet final : public ReplaySet {
 public:
  RedisReplaySet(RedisWorker& worker, const common::Clock& unix_clock, std::string prefix);

  void mark_once(const std::string& key, int64_t expires_unix_ms,
                 ClusterCallback<bool> done) override;

 private:
  RedisWorker& worker_;
  const common::Clock& clock_;
  const std::string prefix_;
};

}  // namespace voxgate::cluster
