#pragma once
// Framer: re-chunks a byte stream (G.711 audio of any chunk size) into fixed
// frames, default 160 bytes = 20 ms of 8 kHz mu-law (BEHAVIOUR.md: AI audio is
// re-framed to the caller leg's frame size). Owned by one call; not
// thread-safe, used on the call's strand only.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace voxgate::audio {

// 8-bit G.711: one byte per sample.
constexpr size_t bytes_for_ms(size_t ms, size_t rate = 8000) {
  return ms * rate / 1000;
}
constexpr size_t ms_for_bytes(size_t bytes, size_t rate = 8000) {
  return bytes * 1000 / rate;
}

class Framer {
 public:
  static constexpr size_t kDefaultFrameBytes = bytes_for_ms(20);

  explicit Framer(size_t frame_bytes = kDefaultFrameBytes);

  void push(std::span<const uint8_t> bytes);
  // Replaces frame's content with the next full frame; false if none is ready.
  bool pop(std::vector<uint8_t>& frame);
  // Replaces frame's content with whatever is left (less than a frame, or a
  // full frame); false if nothing is pending. Used for the tail of a response.
  bool pop_partial(std::vector<uint8_t>& frame);
  size_t pending() const { return buf_.size() - head_; }
  size_t frame_bytes() const { return frame_bytes_; }
  void clear();

 private:
  void compact();

  size_t frame_bytes_;
  std::vector<uint8_t> buf_;
  size_t head_ = 0;  // bytes before head_ were already popped
};

}  // namespace voxgate::audio
