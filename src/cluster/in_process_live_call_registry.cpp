#include "cluster/in_process_live_call_registry.hpp"

namespace voxgate::cluster {

void InProcessLiveCallRegistry::put(const LiveCallEntry& entry, ClusterCallback<bool> done) {
  {
    std::lock_guard lock(mu_);
    entries_[entry.call_sid] = entry;
  }
  if (done) done(true);
}

void InProcessLiveCallRegistry::remove(const std::string& call_sid, ClusterCallback<bool> done) {
  {
    std::lock_guard lock(mu_);
    entries_.erase(call_sid);
  }
  if (done) done(true);
}

void InProcessLiveCallRegistry::remove_mine(ClusterCallback<bool> done) {
  {
    std::lock_guard lock(mu_);
    entries_.clear();  // every entry is this process's
  }
  if (done) done(true);
}

void InProcessLiveCallRegistry::owner_of(const std::string& call_sid,
                                         ClusterCallback<std::string> done) {
  std::string owner;
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(call_sid); it != entries_.end()) owner = it->second.instance;
  }
  done(owner);
}

void InProcessLiveCallRegistry::list(ClusterCallback<std::vector<LiveCallEntry>> done) {
  std::vector<LiveCallEntry> out;
  {
    std::lock_guard lock(mu_);
    out.reserve(entries_.size());
    for (const auto& [sid, e] : entries_) out.push_back(e);
  }
  done(std::move(out));
}

}  // namespace voxgate::cluster
