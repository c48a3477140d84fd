#include "call/cancelled_responses.hpp"

namespace voxgate::call {

CancelledResponses::CancelledResponses(std::size_t capacity, common::Duration max_age)
    : capacity_(capacity == 0 ? 1 : capacity), max_age_(max_age) {
  map_.reserve(capacity_);
}

void CancelledResponses::insert(std::string_view response_id, common::TimePoint now) {
  purge(now);
  if (auto it = map_.find(response_id); it != map_.end()) {
    // Re-cancel: move to the newest end with the new time.
    order_.erase(it->second);
    map_.erase(it);
  }
  while (map_.size() >= capacity_) {
    map_.erase(order_.front().id);
    order_.pop_front();
  }
  order_.push_back(Entry{std::string(response_id), now});
  map_.emplace(order_.back().id, std::prev(order_.end()));
}

bool CancelledResponses::contains(std::string_view response_id) const {
  return map_.find(response_id) != map_.end();
}

void CancelledResponses::purge(common::TimePoint now) {
  // Entries are in cancel-time order, so expired ones are a prefix.
  while (!order_.empty() && now - order_.front().at > max_age_) {
    map_.erase(order_.front().id);
    order_.pop_front();
  }
}

}  // namespace voxgate::call
