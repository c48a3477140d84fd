#pragma once
// EarlyAudioBuffer: caller frames that arrive before the AI leg is ready
// (BEHAVIOUR 2), bounded; when full the oldest frame is dropped and counted
// by the caller. Flushed in arrival order. Owned by one CallSession.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace voxgate::call {

class EarlyAudioBuffer {
 public:
  explicit EarlyAudioBuffer(std::size_t max_frames) : max_frames_(max_frames) {}

  // Returns true when an older frame had to be dropped to make room.
  bool push(std::string_view payload_b64) {
    if (max_frames_ == 0) return true;
    bool dropped = frames_.size() == max_frames_;
    if (dropped) frames_.pop_front();
    frames_.emplace_back(payload_b64);
    return dropped;
  }
  template <typename F>
  void flush(F&& send) {
    while (!frames_.empty()) {
      send(std::string_view(frames_.front()));
      frames_.pop_front();
    }
  }
  void clear() { frames_.clear(); }
  std::size_t size() const { return frames_.size(); }

 private:
  std::size_t max_frames_;
  std::deque<std::string> frames_;
};

}  // namespace voxgate::call
