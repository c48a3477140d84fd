#pragma once
// EarlyAudioBuffer: caller frames that arrive before the AI leg is ready
// (BEHAVIOUR 2), bounded in frames and in bytes of base64 (BEHAVIOUR 5: every
// per-call buffer is bounded in bytes or entries; frames are not all 20 ms).
// When full the oldest frames are dropped; a frame larger than the byte bound
// is dropped itself. The caller counts the drops. Flushed in arrival order.
// Owned by one CallSession.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace voxgate::call {

class EarlyAudioBuffer {
 public:
  EarlyAudioBuffer(std::size_t max_frames, std::size_t max_bytes)
      : max_frames_(max_frames), max_bytes_(max_bytes) {}

  // Returns how many frames were dropped (older ones, or this one) to stay
  // within the bounds.
  std::size_t push(std::string_view payload_b64) {
    if (max_frames_ == 0 || payload_b64.size() > max_bytes_) return 1;
    std::size_t dropped = 0;
    while (!frames_.empty() &&
           (frames_.size() >= max_frames_ || bytes_ + payload_b64.size() > max_bytes_)) {
      bytes_ -= frames_.front().size();
      frames_.pop_front();
      ++dropped;
    }
    frames_.emplace_back(payload_b64);
    bytes_ += payload_b64.size();
    return dropped;
  }
  template <typename F>
  void flush(F&& send) {
    while (!frames_.empty()) {
      send(std::string_view(frames_.front()));
      bytes_ -= frames_.front().size();
      frames_.pop_front();
    }
  }
  void clear() {
    frames_.clear();
    bytes_ = 0;
  }
  std::size_t size() const { return frames_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t max_frames_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::deque<std::string> frames_;
};

}  // namespace voxgate::call
