#pragma once
// The live-call registry in Redis: <prefix>call:<sid> holds the entry's JSON
// with a TTL (default 30 s). This instance re-SETs its own calls every third
// of the TTL on the worker thread, so an entry outlives a refresh lost to a
// blip, a crashed instance's calls vanish within one TTL, and after Redis
// restarts empty the next refresh puts the live calls back. list() walks
// the keys with SCAN (not KEYS, which blocks Redis) and reads them with MGET.

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "cluster/live_call_registry.hpp"
#include "cluster/redis_worker.hpp"

namespace voxgate::cluster {

class RedisLiveCallRegistry final : public LiveCallRegistry {
 public:
  RedisLiveCallRegistry(RedisWorker& worker, std::string prefix,
                        std::chrono::milliseconds ttl = std::chrono::seconds(30));
  ~RedisLiveCallRegistry() override;  // stops the refresh

  void put(const LiveCallEntry& entry, ClusterCallback<bool> done) override;
  void remove(const std::string& call_sid, ClusterCallback<bool> done) override;
  void remove_mine(ClusterCallback<bool> done) override;
  void owner_of(const std::string& call_sid, ClusterCallback<std::string> done) override;
  void list(ClusterCallback<std::vector<LiveCallEntry>> done) override;

  // Re-SETs this instance's calls now (the periodic refresh runs this).
  void refresh();

 private:
  using Entries = std::vector<LiveCallEntry>;
  std::string key(const std::string& call_sid) const { return prefix_ + "call:" + call_sid; }
  void store(const LiveCallEntry& entry, ClusterCallback<bool> done);
  void scan(std::string cursor, std::vector<std::string> keys, ClusterCallback<Entries> done);
  void read_all(const std::vector<std::string>& keys, ClusterCallback<Entries> done);

  RedisWorker& worker_;
  const std::string prefix_;
  const std::chrono::milliseconds ttl_;
  std::size_t refresh_id_ = 0;
  std::mutex mu_;
  std::unordered_map<std::string, LiveCallEntry> mine_;
};

}  // namespace voxgate::cluster
