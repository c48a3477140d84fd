#include "fakeai/energy_vad.hpp"

#include <cmath>

#include "audio/g711.hpp"

namespace voxgate::fakeai {
namespace {
constexpr int kFrameSamples = 160;  // 20 ms at 8 kHz
constexpr int64_t kFrameMs = 20;
}  // namespace

void EnergyVad::feed(std::span<const uint8_t> ulaw, const std::function<bool()>& in_speech,
                     const std::function<void(int64_t)>& on_start,
                     const std::function<void(int64_t)>& on_stop) {
  for (uint8_t c : ulaw) {
    const double s = audio::ulaw_to_linear(c);
    sumsq_ += s * s;
    if (++samples_ < kFrameSamples) continue;
    const double rms = std::sqrt(sumsq_ / kFrameSamples);
    sumsq_ = 0;
    samples_ = 0;
    input_ms_ += kFrameMs;
    if (rms >= threshold_) {
      loud_ms_ += kFrameMs;
      quiet_ms_ = 0;
      if (!in_speech() && loud_ms_ >= start_ms_) on_start(input_ms_ - loud_ms_);
    } else {
      quiet_ms_ += kFrameMs;
      loud_ms_ = 0;
      if (in_speech() && quiet_ms_ >= silence_ms_) on_stop(input_ms_ - quiet_ms_);
    }
  }
}

}  // namespace voxgate::fakeai
