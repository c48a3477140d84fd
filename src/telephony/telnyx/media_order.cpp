#include "telephony/telnyx/media_order.hpp"

#include <algorithm>
#include <utility>

namespace voxgate::telephony::telnyx {

bool MediaOrder::add(uint64_t chunk, CallerMedia media, std::vector<CallerMedia>& out) {
  if (!started_) {
    // Chunks count from 1; a stream whose first frame to arrive is a later
    // one waits (within the window) for the frames before it.
    started_ = true;
    next_ = std::min<uint64_t>(chunk, 1);
  }
  if (chunk < next_ || held_.count(chunk) != 0) return false;
  held_.emplace(chunk, std::move(media));
  release_ready(out);
  return true;
}

void MediaOrder::release_ready(std::vector<CallerMedia>& out) {
  for (;;) {
    while (!held_.empty() && held_.begin()->first == next_) {
      out.push_back(std::move(held_.begin()->second));
      held_.erase(held_.begin());
      ++next_;
    }
    if (held_.size() <= window_) return;
    next_ = held_.begin()->first;  // the gap waited long enough: give it up
  }
}

void MediaOrder::flush(std::vector<CallerMedia>& out) {
  for (auto& [chunk, media] : held_) out.push_back(std::move(media));
  if (!held_.empty()) next_ = held_.rbegin()->first + 1;
  held_.clear();
}

}  // namespace voxgate::telephony::telnyx
