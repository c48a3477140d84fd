#include "callsim/audio_source.hpp"

#include <cmath>
#include <numbers>

#include "callsim/wire.hpp"

namespace voxgate::callsim {

std::shared_ptr<const std::vector<uint8_t>> AudioSource::load(const SimOptions& opts,
                                                              std::string& error) {
  if (opts.source != SourceKind::kWav) return nullptr;
  auto pcm = audio::read_wav_mono8k(opts.wav_path);
  if (!pcm || pcm->empty()) {
    error = "cannot use " + opts.wav_path + ": " +
            (pcm ? std::string("no audio") : std::string(audio::to_string(pcm.error())));
    return nullptr;
  }
  auto ulaw = std::make_shared<std::vector<uint8_t>>(pcm->size());
  audio::ulaw_encode(*pcm, *ulaw);
  return ulaw;
}

AudioSource::AudioSource(const SimOptions& opts,
                         std::shared_ptr<const std::vector<uint8_t>> wav_ulaw)
    : kind_(opts.source),
      phase_step_(2 * std::numbers::pi * opts.tone_hz / 8000.0),
      amplitude_(opts.tone_amplitude * 32767.0),
      wav_(std::move(wav_ulaw)) {
  if (kind_ == SourceKind::kWav && (!wav_ || wav_->empty())) kind_ = SourceKind::kSilence;
}

void AudioSource::next(Frame& out) {
  switch (kind_) {
    case SourceKind::kSilence:
      out.fill(audio::linear_to_ulaw(0));
      return;
    case SourceKind::kTone:
      for (auto& b : out) {
        b = audio::linear_to_ulaw(int16_t(std::lround(amplitude_ * std::sin(phase_))));
        phase_ = std::fmod(phase_ + phase_step_, 2 * std::numbers::pi);
      }
      return;
    case SourceKind::kWav:
      for (auto& b : out) {
        b = (*wav_)[pos_];
        pos_ = (pos_ + 1) % wav_->size();
      }
      return;
  }
}

}  // namespace voxgate::callsim
