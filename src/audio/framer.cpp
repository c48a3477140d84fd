#include "audio/framer.hpp"

#include <algorithm>

namespace voxgate::audio {

Framer::Framer(size_t frame_bytes) : frame_bytes_(frame_bytes == 0 ? 1 : frame_bytes) {}

void Framer::push(std::span<const uint8_t> bytes) {
  compact();
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

bool Framer::pop(std::vector<uint8_t>& frame) {
  if (pending() < frame_bytes_) return false;
  const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(head_);
  frame.assign(first, first + static_cast<std::ptrdiff_t>(frame_bytes_));
  head_ += frame_bytes_;
  return true;
}

bool Framer::pop_partial(std::vector<uint8_t>& frame) {
  if (pending() == 0) return false;
  const size_t n = std::min(pending(), frame_bytes_);
  const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(head_);
  frame.assign(first, first + static_cast<std::ptrdiff_t>(n));
  head_ += n;
  return true;
}

void Framer::clear() {
  buf_.clear();
  head_ = 0;
}

// Moves the unread tail to the front, so the buffer does not grow without
// bound while the read offset keeps pops O(frame).
void Framer::compact() {
  if (head_ == 0) return;
  buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(head_));
  head_ = 0;
}

}  // namespace voxgate::audio
