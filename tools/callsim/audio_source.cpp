#include "callsim/audio_source.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <mutex>
#include <numbers>
#include <numeric>
#include <utility>

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

namespace {

// One loop of the tone in mu-law, shared by every call with the same tone:
// synthesising it sample by sample per call (sin, lround, the mu-law
// encoder) was ~14% of callsim's CPU at 500 calls (bench/README.md). The
// loop holds a whole number of periods (an integral frequency: 8000 /
// gcd(8000, Hz) samples), else one second.
std::shared_ptr<const std::vector<uint8_t>> tone_loop(double hz, double amplitude) {
  static std::mutex mutex;
  static std::map<std::pair<double, double>, std::shared_ptr<const std::vector<uint8_t>>> cache;
  std::lock_guard lock(mutex);
  auto& loop = cache[{hz, amplitude}];
  if (loop) return loop;
  constexpr long kRate = 8000;
  const bool integral = hz >= 1 && hz == std::floor(hz) && hz < kRate;
  const long n = integral ? kRate / std::gcd(kRate, static_cast<long>(hz)) : kRate;
  std::vector<int16_t> pcm(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i) {
    const double phase = 2 * std::numbers::pi * hz * static_cast<double>(i) / kRate;
    pcm[static_cast<size_t>(i)] = int16_t(std::lround(amplitude * std::sin(phase)));
  }
  auto ulaw = std::make_shared<std::vector<uint8_t>>(pcm.size());
  audio::ulaw_encode(pcm, *ulaw);  // as load() encodes a WAV
  loop = std::move(ulaw);
  return loop;
}

}  // namespace

AudioSource::AudioSource(const SimOptions& opts,
                         std::shared_ptr<const std::vector<uint8_t>> wav_ulaw)
    : kind_(opts.source), wav_(std::move(wav_ulaw)) {
  if (kind_ == SourceKind::kWav && (!wav_ || wav_->empty())) kind_ = SourceKind::kSilence;
  if (kind_ == SourceKind::kTone) wav_ = tone_loop(opts.tone_hz, opts.tone_amplitude * 32767.0);
}

void AudioSource::next(Frame& out) {
  switch (kind_) {
    case SourceKind::kSilence:
      out.fill(audio::linear_to_ulaw(0));
      return;
    case SourceKind::kTone:  // a looped table too (tone_loop)
    case SourceKind::kWav: {
      // Whole runs up to the loop's end, not a modulo per byte: the division
      // was ~4% of callsim's CPU at 500 calls (bench/README.md).
      const std::vector<uint8_t>& loop = *wav_;
      for (size_t filled = 0; filled < out.size();) {
        const size_t run = std::min(out.size() - filled, loop.size() - pos_);
        std::copy_n(loop.begin() + static_cast<std::ptrdiff_t>(pos_), run,
                    out.begin() + static_cast<std::ptrdiff_t>(filled));
        filled += run;
        pos_ = (pos_ + run) % loop.size();
      }
      return;
    }
  }
}

}  // namespace voxgate::callsim
