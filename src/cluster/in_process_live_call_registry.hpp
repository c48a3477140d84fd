#pragma once
// The live-call registry of one process (no cluster.redis_url): every call
// is this instance's. Thread-safe (a mutex for the map only); answers
// synchronously.

#include <mutex>
#include <unordered_map>

#include "cluster/live_call_registry.hpp"

namespace voxgate::cluster {

class InProcessLiveCallRegistry final : public LiveCallRegistry {
 public:
  void put(const LiveCallEntry& entry, ClusterCallback<bool> done) override;
  void remove(const std::string& call_sid, ClusterCallback<bool> done) override;
  void remove_mine(ClusterCallback<bool> done) override;
  void owner_of(const std::string& call_sid, ClusterCallback<std::string> done) override;
  void list(ClusterCallback<std::vector<LiveCallEntry>> done) override;

 private:
  std::mutex mu_;
  std::unordered_map<std::string, LiveCallEntry> entries_;
};

}  // namespace voxgate::cluster
