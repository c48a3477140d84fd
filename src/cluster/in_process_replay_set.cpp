#include "cluster/in_process_replay_set.hpp"

namespace voxgate::cluster {

InProcessReplaySet::InProcessReplaySet(const common::Clock& unix_clock, std::size_t capacity)
    : clock_(unix_clock), capacity_(capacity) {}

void InProcessReplaySet::mark_once(const std::string& key, int64_t expires_unix_ms,
                                   ClusterCallback<bool> done) {
  done(mark_once(key, expires_unix_ms));
}

bool InProcessReplaySet::mark_once(const std::string& key, int64_t expires_unix_ms) {
  const int64_t now =
      std::chrono::duration_cast<common::Millis>(clock_.now().time_since_epoch()).count();
  std::lock_guard lock(mu_);
  forget_expired(now);
  if (keys_.count(key)) return false;
  if (keys_.size() >= capacity_ && !by_expiry_.empty()) {
    keys_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  keys_.insert(key);
  by_expiry_.emplace(expires_unix_ms, key);
  return true;
}

void InProcessReplaySet::forget_expired(int64_t now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    keys_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
}

std::size_t InProcessReplaySet::size() const {
  std::lock_guard lock(mu_);
  return keys_.size();
}

}  // namespace voxgate::cluster
