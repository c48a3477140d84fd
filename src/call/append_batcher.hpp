#pragma once
// AppendBatcher: gathers consecutive caller frames into one
// input_audio_buffer.append of at least `interval` of audio.
// Each append is one WebSocket message, one write system call and one handler
// turn on both ends; at 20 ms frames a call sends 50 a second, the largest
// message count of the media path (bench/README.md). Batching adds at most
// interval - 20 ms of caller-to-AI latency (BEHAVIOUR 2: forwarded in order,
// unchanged: the batch is the frames' bytes concatenated). An interval of one
// frame or less passes every frame through as it is, without decoding.
//
// Base64 of a 160-byte frame ends in padding, so frames are decoded and the
// batch re-encoded (audio/base64); audio is 8 kHz mu-law, 8 bytes per ms, as
// everywhere in the call core (PlaybackTracker).
//
// Owner: one CallSession. Thread affinity: the session's. No I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace voxgate::call {

class AppendBatcher {
 public:
  explicit AppendBatcher(common::Millis interval);

  // The call's audio: how many bytes are one millisecond (8 kHz mu-law, the
  // default: 8). Set before any audio is added.
  void set_bytes_per_ms(int64_t bytes_per_ms);

  // Adds one frame; calls send(base64) with an append when the batch is full.
  // A frame that is not valid base64 is passed through on its own after the
  // audio gathered before it, so nothing is lost or reordered (the AI leg
  // judges it, as it did before batching).
  template <typename Send>
  void add(common::TimePoint now, std::string_view payload_b64, Send&& send) {
    if (pass_through_ || !append_decoded(payload_b64)) {
      flush(send);
      send(payload_b64);
      return;
    }
    if (frames_++ == 0) oldest_ = now;
    if (pending_.size() >= threshold_bytes_) flush(send);
  }

  // Sends what is gathered, if anything.
  template <typename Send>
  void flush(Send&& send) {
    if (auto b64 = take()) send(*b64);
  }

  // Sends what is gathered once its oldest frame has waited `interval`
  // (caller frames stopped coming: the batch would never fill).
  template <typename Send>
  void flush_due(common::TimePoint now, Send&& send) {
    if (frames_ > 0 && now - oldest_ >= interval_) flush(send);
  }

  // The gathered audio as one base64 payload (nullopt when empty); empties.
  // The view is valid until the next take().
  std::optional<std::string_view> take();
  void clear();

  bool empty() const { return pending_.empty(); }
  std::size_t pending_frames() const { return frames_; }

 private:
  bool append_decoded(std::string_view payload_b64);

  static constexpr int64_t kBytesPerMs = 8;  // 8 kHz mu-law, the default
  static constexpr int64_t kFrameMs = 20;    // Twilio's frame

  common::Millis interval_;
  std::size_t threshold_bytes_;
  bool pass_through_;
  std::vector<uint8_t> pending_;
  std::vector<uint8_t> scratch_;
  std::string encoded_;  // the last batch in base64, reused
  std::size_t frames_ = 0;
  common::TimePoint oldest_{};
};

}  // namespace voxgate::call
