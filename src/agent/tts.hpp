#pragma once
// Tts: text to 8 kHz mu-law speech with flite, for the local agent's replies.
//
// Voices are flite's statically linked cmu_us voices. Thread safety: any
// thread may call synthesize_*, and threads synthesise in parallel: each
// thread uses its own instance of the voice (tts.cpp says why), made on its
// first synthesis. The local agent synthesises on its few long-lived worker
// threads, and mostly at start-up (SpeechCache).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::agent {

struct PcmAudio {
  std::vector<int16_t> samples;
  int sample_rate = 0;
};

class Tts {
 public:
  // voice: "slt" (default), "rms", "kal16". Unknown names throw
  // std::invalid_argument (start-up only; loads the voice on this thread).
  explicit Tts(std::string voice = "slt");

  static bool has_voice(std::string_view name);

  // Speech at flite's native rate (16 kHz for these voices).
  PcmAudio synthesize_pcm(std::string_view text) const;
  // Speech resampled to 8 kHz and mu-law encoded, ready for a phone leg.
  std::vector<uint8_t> synthesize_ulaw8k(std::string_view text) const;
  // Speech resampled to 8 kHz linear PCM.
  std::vector<int16_t> synthesize_pcm8k(std::string_view text) const;

  const std::string& voice() const { return voice_; }

 private:
  std::string voice_;
};

}  // namespace voxgate::agent
