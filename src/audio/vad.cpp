#include "audio/vad.hpp"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace voxgate::audio {
namespace {

constexpr int kChunkMs = 10;  // APM 0.3 processes 10 ms chunks only
constexpr size_t kChunkSamples = Vad::kSampleRate * kChunkMs / 1000;

webrtc::VoiceDetection::Likelihood likelihood_for(int aggressiveness) {
  switch (std::clamp(aggressiveness, 0, 3)) {
    case 0:
      return webrtc::VoiceDetection::kHighLikelihood;
    case 1:
      return webrtc::VoiceDetection::kModerateLikelihood;
    case 2:
      return webrtc::VoiceDetection::kLowLikelihood;
    default:
      return webrtc::VoiceDetection::kVeryLowLikelihood;
  }
}

}  // namespace

Vad::Vad(VadConfig config) : config_(config), apm_(webrtc::AudioProcessing::Create()) {
  if (!apm_) throw std::runtime_error("webrtc::AudioProcessing::Create failed");
  auto* vd = apm_->voice_detection();
  if (vd->Enable(true) != 0 || vd->set_likelihood(likelihood_for(config_.aggressiveness)) != 0 ||
      vd->set_frame_size_ms(kChunkMs) != 0) {
    throw std::runtime_error("webrtc VoiceDetection setup failed");
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
  webrtc::AudioFrame chunk;
  for (size_t off = 0; off < kFrameSamples; off += kChunkSamples) {
    chunk.UpdateFrame(0, 0, buf + off, kChunkSamples, kSampleRate,
                      webrtc::AudioFrame::kNormalSpeech, webrtc::AudioFrame::kVadUnknown, 1);
    if (apm_->ProcessStream(&chunk) != 0) continue;  // treat a failed chunk as unvoiced
    // Either half voiced counts: clipping a soft word start costs more than
    // one extra noisy frame, and the start/stop thresholds absorb the noise.
    voiced = voiced || apm_->voice_detection()->stream_has_voice();
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
