#include "bridge/call_registry.hpp"

#include <set>

namespace voxgate::bridge {

void CallRegistry::add(const std::vector<std::string>& ids, std::weak_ptr<LiveCall> call) {
  std::lock_guard lock(mu_);
  for (const auto& id : ids) {
    if (!id.empty()) calls_[id] = call;
  }
}

void CallRegistry::remove(const std::vector<std::string>& ids) {
  std::lock_guard lock(mu_);
  for (const auto& id : ids) calls_.erase(id);
}

std::shared_ptr<LiveCall> CallRegistry::find(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : it->second.lock();
}

bool CallRegistry::hangup(const std::string& id) {
  auto call = find(id);
  if (!call) return false;
  call->request_hangup("api_hangup");
  return true;
}

ControlResult CallRegistry::say(const std::string& id, const std::string& text) {
  auto call = find(id);
  return call ? call->request_say(text) : ControlResult::kNotFound;
}

ControlResult CallRegistry::transfer(const std::string& id, const std::string& target) {
  auto call = find(id);
  return call ? call->request_transfer(target) : ControlResult::kNotFound;
}

bool CallRegistry::is_live(const std::string& id) const {
  return find(id) != nullptr;
}

std::vector<std::string> CallRegistry::live_ids() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, call] : calls_) {
    if (!call.expired()) out.push_back(id);
  }
  return out;
}

size_t CallRegistry::hangup_all(const std::string& reason) {
  const auto live = distinct_live();
  for (const auto& call : live) call->request_hangup(reason);
  return live.size();
}

std::vector<std::shared_ptr<LiveCall>> CallRegistry::distinct_live() const {
  std::vector<std::shared_ptr<LiveCall>> live;
  std::lock_guard lock(mu_);
  std::set<LiveCall*> seen;
  for (const auto& [id, weak] : calls_) {
    if (auto call = weak.lock(); call && seen.insert(call.get()).second) live.push_back(call);
  }
  return live;
}

size_t CallRegistry::shutdown_all() {
  const auto live = distinct_live();  // called outside the lock: they post to their strands
  for (const auto& call : live) call->request_shutdown();
  return live.size();
}

size_t CallRegistry::size() const {
  std::lock_guard lock(mu_);
  std::set<const void*> distinct;
  for (const auto& [id, weak] : calls_) {
    if (auto call = weak.lock()) distinct.insert(call.get());
  }
  return distinct.size();
}

std::vector<store::CallRecord> CallRegistry::live_records() const {
  std::vector<store::CallRecord> out;
  for (const auto& call : distinct_live()) out.push_back(call->snapshot());
  return out;
}

std::optional<store::CallRecord> CallRegistry::live_record(const std::string& id) const {
  const auto call = find(id);
  if (!call) return std::nullopt;
  return call->snapshot();
}

}  // namespace voxgate::bridge
