#pragma once
// The replay set of one process (no cluster.redis_url): a bounded set, the
// soonest-expiring key forgotten first when full. Thread-safe (a mutex for
// the set only); answers synchronously.

#include <cstddef>
#include <map>
#include <mutex>
#include <unordered_set>

#include "cluster/replay_set.hpp"
#include "common/clock.hpp"

namespace voxgate::cluster {

class InProcessReplaySet final : public ReplaySet {
 public:
  // `unix_clock` reads Unix time (bridge::UnixClock in production).
  InProcessReplaySet(const common::Clock& unix_clock, std::size_t capacity = 100000);

  void mark_once(const std::string& key, int64_t expires_unix_ms,
                 ClusterCallback<bool> done) override;
  bool mark_once(const std::string& key, int64_t expires_unix_ms);  // the same, in line
  std::size_t size() const;

 private:
  void forget_expired(int64_t now_ms);

  const common::Clock& clock_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::multimap<int64_t, std::string> by_expiry_;
  std::unordered_set<std::string> keys_;
};

}  // namespace voxgate::cluster
