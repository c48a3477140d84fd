#pragma once
// Vad: speech onset and end on caller audio (the local agent's turn
// detection; the GPT-Live leg's caller speech onset for barge-in latency).
//
// Input: 20 ms frames of 8 kHz linear PCM with the stream time of each
// frame's first sample. Output: at most one event per frame. Pure and
// clock-free: the caller passes stream_ms, so tests drive time exactly.
// The per-frame voiced/unvoiced decision is the WebRTC GMM VAD of
// webrtc-audio-processing, called directly (audio/vad.cpp says why); the
// start/stop hysteresis is ours.
//
// Owner: one call's audio consumer. Not thread-safe.

#include <cstdint>
#include <memory>
#include <span>

// The GMM VAD's instance (webrtc_vad.h's VadInst).
struct WebRtcVadInst;

namespace voxgate::audio {

struct VadConfig {
  int speech_start_ms = 200;         // voiced audio needed before speech_started
  int end_of_turn_silence_ms = 700;  // unvoiced audio that ends a turn
  int gap_tolerance_ms = 100;        // unvoiced gap that does not reset a start candidate
  int aggressiveness = 2;            // 0 (most speech) .. 3 (least speech, most noise-robust)
  // Frames below this RMS are unvoiced whatever the GMM says. The WebRTC VAD
  // keeps saying "voice" for up to ~100 ms after a loud sound ends (its
  // built-in hangover), which made a 100 ms click look like 200 ms of speech
  // and moved audio_end 100 ms late; 100 is about -50 dBFS.
  double energy_floor_rms = 100.0;
};

struct VadEvent {
  enum class Kind { none, speech_started, speech_stopped };
  Kind kind = Kind::none;
  int64_t audio_start_ms = 0;  // speech_started: first voiced frame of the turn
  int64_t audio_end_ms = 0;    // speech_stopped: end of the last voiced frame
};

class Vad {
 public:
  static constexpr int kSampleRate = 8000;
  static constexpr int kFrameMs = 20;
  static constexpr size_t kFrameSamples = kSampleRate * kFrameMs / 1000;

  explicit Vad(VadConfig config = {});
  ~Vad();
  Vad(const Vad&) = delete;
  Vad& operator=(const Vad&) = delete;

  // frame: kFrameSamples samples (shorter frames are zero-padded, longer
  // ones truncated). stream_ms: time of the frame's first sample.
  VadEvent push(std::span<const int16_t> frame, int64_t stream_ms);

  bool in_speech() const { return in_speech_; }
  // Takes effect from the next frame, a turn in progress included (a
  // session.update may come after the audio has started).
  void set_end_of_turn_silence_ms(int ms) { config_.end_of_turn_silence_ms = ms; }
  int end_of_turn_silence_ms() const { return config_.end_of_turn_silence_ms; }
  void reset();

  // The raw per-frame decision, exposed for tests and tuning.
  bool is_voiced(std::span<const int16_t> frame);

 private:
  VadConfig config_;
  struct FreeVad {
    void operator()(WebRtcVadInst* v) const;
  };
  std::unique_ptr<WebRtcVadInst, FreeVad> vad_;

  bool in_speech_ = false;
  int64_t candidate_start_ms_ = -1;  // first voiced frame of a start candidate
  int voiced_ms_ = 0;                // voiced audio in the candidate
  int unvoiced_run_ms_ = 0;          // current unvoiced run
  int64_t last_voiced_end_ms_ = 0;
};

}  // namespace voxgate::audio
