#pragma once
// PendingTools: the tool calls of a session whose output is still owed, and
// whether a response.create is owed once they are all in (docs/tools.md: one
// response.create after every pending output of a response is in and that
// response is done). Also remembers recent call ids, because the same call
// can arrive twice (response.function_call_arguments.done and
// response.output_item.done, PROTOCOLS.md). Owned by one CallSession; no
// thread affinity of its own (the session's strand).

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace voxgate::call {

class PendingTools {
 public:
  static constexpr std::size_t kSeenCapacity = 64;

  // False when this call id was seen already (a duplicate to ignore).
  bool first_sight(std::string_view call_id) {
    for (const auto& id : seen_) {
      if (id == call_id) return false;
    }
    seen_.emplace_back(call_id);
    if (seen_.size() > kSeenCapacity) seen_.pop_front();
    return true;
  }
  void begin(std::string_view call_id, std::string_view name) {
    pending_.emplace(std::string(call_id), std::string(name));
  }
  // The tool's name if `call_id` was pending (now answered).
  std::optional<std::string> finish(std::string_view call_id) {
    auto it = pending_.find(std::string(call_id));
    if (it == pending_.end()) return std::nullopt;
    std::string name = std::move(it->second);
    pending_.erase(it);
    return name;
  }
  bool empty() const { return pending_.empty(); }
  std::size_t size() const { return pending_.size(); }

  // An output went to the AI leg that the model has not answered yet.
  void owe_follow_up() { follow_up_ = true; }
  bool follow_up_owed() const { return follow_up_; }
  void follow_up_sent() { follow_up_ = false; }

  // AI leg lost: its conversation (and the call ids in it) is gone.
  void clear() {
    pending_.clear();
    follow_up_ = false;
  }

 private:
  std::map<std::string, std::string> pending_;  // call id -> tool name
  std::deque<std::string> seen_;
  bool follow_up_ = false;
};

}  // namespace voxgate::call
