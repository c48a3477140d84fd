#pragma once
// HeardMixer: the stereo timeline of a call as the caller heard it, for
// recordings (caller left, agent right). Caller frames drive time: Twilio
// sends one every 20 ms whether or not anyone speaks, so each caller frame is
// paired with the next stretch of agent audio queued for playout, the way
// the phone plays it; a clear drops what was queued and not yet played
// (BEHAVIOUR §6: the recording is cut at clears).
// Pure; owned by one call's recorder, used on its strand.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace voxgate::audio {

class HeardMixer {
 public:
  // Agent audio beyond this many samples of pending playout is dropped
  // (bounded memory).
  explicit HeardMixer(size_t max_pending_samples = 8000 * 120)
      : max_pending_(max_pending_samples) {}

  // Mu-law 8 kHz calls.
  void on_agent_audio(std::span<const uint8_t> ulaw);
  // Appends interleaved stereo PCM16 (2 samples per caller byte) to `out`.
  void on_caller_frame(std::span<const uint8_t> ulaw, std::vector<int16_t>& out);
  // Calls of any format, decoded to samples at the call's rate.
  void on_agent_samples(std::span<const int16_t> agent);
  void on_caller_samples(std::span<const int16_t> caller, std::vector<int16_t>& out);
  void on_clear() { pending_.clear(); }

  size_t pending_bytes() const { return pending_.size(); }  // samples, one byte each in mu-law
  uint64_t dropped_bytes() const { return dropped_; }

 private:
  size_t max_pending_;
  std::deque<int16_t> pending_;
  std::vector<int16_t> decoded_;  // scratch: one mu-law frame
  uint64_t dropped_ = 0;
};

}  // namespace voxgate::audio
