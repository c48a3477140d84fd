#include "cluster/in_process_transfer_book.hpp"

namespace voxgate::cluster {

InProcessTransferBook::InProcessTransferBook(const common::Clock& clock, common::Millis ttl,
                                             std::size_t capacity)
    : clock_(clock), ttl_(ttl), capacity_(capacity) {}

void InProcessTransferBook::add(const std::string& call_sid, const std::string& target,
                                ClusterCallback<bool> done) {
  add(call_sid, target);
  if (done) done(!call_sid.empty());
}

void InProcessTransferBook::find(const std::string& call_sid, ClusterCallback<std::string> done) {
  done(find(call_sid).value_or(""));
}

void InProcessTransferBook::add(const std::string& call_sid, const std::string& target) {
  if (call_sid.empty()) return;
  const auto now = clock_.now();
  std::lock_guard lock(mu_);
  purge(now);
  if (entries_.size() >= capacity_ && !entries_.contains(call_sid)) {
    // Full of live entries: drop the one expiring first (O(n), rare).
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.expires < oldest->second.expires) oldest = it;
    }
    entries_.erase(oldest);
  }
  entries_[call_sid] = Entry{target, now + ttl_};
}

std::optional<std::string> InProcessTransferBook::find(const std::string& call_sid) const {
  const auto now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = entries_.find(call_sid);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.target;
}

std::size_t InProcessTransferBook::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void InProcessTransferBook::purge(common::TimePoint now) {
  std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
}

}  // namespace voxgate::cluster
