#include "audio/vad.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

// webrtc-audio-processing's GMM VAD, declared here because the Debian
// package exports these symbols but installs no webrtc_vad.h. Called
// directly rather than through AudioProcessing's VoiceDetection, which runs
// the same WebRtcVad_Process on the same 10 ms chunks (at 8 kHz, mono, the
// audio itself) behind a whole APM pipeline: one APM per call cost ~50 KiB
// and, on GPT-Live calls that run this VAD for barge-in latency, about a
// third more CPU per call-second (bench/README.md, "GPT-Live beside
// Realtime"). Signatures as in WebRTC's common_audio/vad/include/webrtc_vad.h
// of the packaged version (Create returns the instance).
extern "C" {
WebRtcVadInst* WebRtcVad_Create();
void WebRtcVad_Free(WebRtcVadInst* handle);
int WebRtcVad_Init(WebRtcVadInst* handle);
int WebRtcVad_set_mode(WebRtcVadInst* handle, int mode);
int WebRtcVad_Process(WebRtcVadInst* handle, int fs, const int16_t* audio_frame,
                      size_t frame_length);
}

namespace voxgate::audio {
namespace {

constexpr int kChunkMs = 10;  // the chunks VoiceDetection fed it, kept
constexpr size_t kChunkSamples = Vad::kSampleRate * kChunkMs / 1000;

}  // namespace

void Vad::FreeVad::operator()(WebRtcVadInst* v) const {
  WebRtcVad_Free(v);
}

// Aggressiveness 0..3 is the GMM VAD's mode, as VoiceDetection's likelihoods
// (high .. very low) mapped to it.
Vad::Vad(VadConfig config) : config_(config), vad_(WebRtcVad_Create()) {
  if (!vad_ || WebRtcVad_Init(vad_.get()) != 0 ||
      WebRtcVad_set_mode(vad_.get(), std::clamp(config_.aggressiveness, 0, 3)) != 0) {
    throw std::runtime_error("webrtc VAD setup failed");
  }
}

Vad::~Vad() = default;

bool Vad::is_voiced(std::span<const int16_t> frame) {
  int16_t buf[kFrameSamples] = {};
  std::copy_n(frame.begin(), std::min(frame.size(), kFrameSamples), buf);
  double energy = 0;
  for (int16_t v : buf) energy += static_cast<double>(v) * v;
  const bool loud_enough = std::sqrt(energy / kFrameSamples) >= config_.energy_floor_rms;
  bool voiced = false;
  for (size_t off = 0; off < kFrameSamples; off += kChunkSamples) {
    // Either half voiced counts: clipping a soft word start costs more than
    // one extra noisy frame, and the start/stop thresholds absorb the noise.
    // A failed chunk (-1) counts as unvoiced.
    voiced = WebRtcVad_Process(vad_.get(), kSampleRate, buf + off, kChunkSamples) == 1 || voiced;
  }
  return voiced && loud_enough;
}

VadEvent Vad::push(std::span<const int16_t> frame, int64_t stream_ms) {
  const bool voiced = is_voiced(frame);
  VadEvent ev;
  if (voiced) {
    unvoiced_run_ms_ = 0;
    last_voiced_end_ms_ = stream_ms + kFrameMs;
    if (!in_speech_) {
      if (candidate_start_ms_ < 0) candidate_start_ms_ = stream_ms;
      voiced_ms_ += kFrameMs;
      if (voiced_ms_ >= config_.speech_start_ms) {
        in_speech_ = true;
        ev.kind = VadEvent::Kind::speech_started;
        ev.audio_start_ms = candidate_start_ms_;
      }
    }
    return ev;
  }
  unvoiced_run_ms_ += kFrameMs;
  if (!in_speech_) {
    // A click or short noise burst: forget it once the gap is too long.
    if (candidate_start_ms_ >= 0 && unvoiced_run_ms_ > config_.gap_tolerance_ms) {
      candidate_start_ms_ = -1;
      voiced_ms_ = 0;
    }
    return ev;
  }
  if (unvoiced_run_ms_ >= config_.end_of_turn_silence_ms) {
    ev.kind = VadEvent::Kind::speech_stopped;
    ev.audio_end_ms = last_voiced_end_ms_;
    in_speech_ = false;
    candidate_start_ms_ = -1;
    voiced_ms_ = 0;
  }
  return ev;
}

void Vad::reset() {
  in_speech_ = false;
  candidate_start_ms_ = -1;
  voiced_ms_ = 0;
  unvoiced_run_ms_ = 0;
  last_voiced_end_ms_ = 0;
}

}  // namespace voxgate::audio
