// audio::Vad calls the GMM VAD directly; it used to reach it through
// webrtc::AudioProcessing's VoiceDetection. This checks frame by frame, on
// speech, noise, tones and silence, for every aggressiveness, that the
// direct calls decide exactly as VoiceDetection did (the reference below is
// the former code).
#include <gtest/gtest.h>
#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "agent/tts.hpp"
#include "audio/vad.hpp"
#include "unit/agent/test_audio.hpp"

namespace voxgate::agent {
namespace {

constexpr size_t kChunk = 80;  // 10 ms at 8 kHz, as VoiceDetection was fed

// Either 10 ms half voiced, by AudioProcessing's VoiceDetection.
class ApmReference {
 public:
  explicit ApmReference(int aggressiveness) : apm_(webrtc::AudioProcessing::Create()) {
    static constexpr webrtc::VoiceDetection::Likelihood kByAggressiveness[] = {
        webrtc::VoiceDetection::kHighLikelihood, webrtc::VoiceDetection::kModerateLikelihood,
        webrtc::VoiceDetection::kLowLikelihood, webrtc::VoiceDetection::kVeryLowLikelihood};
    apm_->voice_detection()->Enable(true);
    apm_->voice_detection()->set_likelihood(kByAggressiveness[aggressiveness]);
    apm_->voice_detection()->set_frame_size_ms(10);
  }
  bool gmm_voiced(const int16_t* frame) {
    bool voiced = false;
    for (size_t off = 0; off < audio::Vad::kFrameSamples; off += kChunk) {
      webrtc::AudioFrame chunk;
      chunk.UpdateFrame(0, 0, frame + off, kChunk, audio::Vad::kSampleRate,
                        webrtc::AudioFrame::kNormalSpeech, webrtc::AudioFrame::kVadUnknown, 1);
      if (apm_->ProcessStream(&chunk) == 0) {
        voiced = voiced || apm_->voice_detection()->stream_has_voice();
      }
    }
    return voiced;
  }

 private:
  std::unique_ptr<webrtc::AudioProcessing> apm_;
};

std::vector<int16_t> mixed_signal() {
  std::vector<int16_t> out = test::silence(8000, 300);
  Tts tts("rms");
  for (const char* line : {"i would like to book an appointment", "yes tuesday at ten please"}) {
    const auto speech = tts.synthesize_pcm8k(line);
    out.insert(out.end(), speech.begin(), speech.end());
    const auto gap = test::silence(8000, 400);
    out.insert(out.end(), gap.begin(), gap.end());
  }
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 900.0);
  for (int i = 0; i < 8000; ++i) out.push_back(static_cast<int16_t>(noise(rng)));
  for (double hz : {200.0, 440.0, 1800.0}) {
    const auto t = test::tone(8000, 300, hz, 6000.0);
    out.insert(out.end(), t.begin(), t.end());
  }
  return out;
}

TEST(VadReference, DecidesEveryFrameAsVoiceDetectionDid) {
  const auto pcm = mixed_signal();
  // The energy floor is ours, applied after the GMM: off here, so the
  // comparison is the GMM's alone.
  for (int aggressiveness = 0; aggressiveness <= 3; ++aggressiveness) {
    audio::Vad vad({.aggressiveness = aggressiveness, .energy_floor_rms = 0.0});
    ApmReference reference(aggressiveness);
    size_t frames = 0, voiced = 0;
    for (size_t off = 0; off + audio::Vad::kFrameSamples <= pcm.size();
         off += audio::Vad::kFrameSamples, ++frames) {
      const std::span<const int16_t> frame(pcm.data() + off, audio::Vad::kFrameSamples);
      const bool direct = vad.is_voiced(frame);
      ASSERT_EQ(direct, reference.gmm_voiced(frame.data()))
          << "aggressiveness " << aggressiveness << ", frame " << frames;
      voiced += direct;
    }
    // Both kinds of frame were met, so the comparison means something.
    EXPECT_GT(voiced, frames / 5) << aggressiveness;
    EXPECT_LT(voiced, frames) << aggressiveness;
  }
}

}  // namespace
}  // namespace voxgate::agent
