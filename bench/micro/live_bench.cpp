// The model-managed barge-in meter's cost (live/yield_meter.hpp): voxgate's
// VAD on the caller audio of every GPT-Live call, 50 frames of 20 ms per
// call-second, and the energy gate on the AI output (quiet_audio), one
// delta per 20 ms at most. CPU per call-second = 50 x the per-frame time.
// Run: build/release/bench_micro --benchmark_filter=Live

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "common/clock.hpp"
#include "live/quiet_audio.hpp"
#include "live/yield_meter.hpp"

namespace voxgate::live {
namespace {

// 20 ms of mu-law at 8 kHz: a voiced tone, or silence.
std::string frame_b64(bool voiced) {
  std::vector<uint8_t> b(160);
  for (size_t i = 0; i < b.size(); ++i) {
    const double v =
        voiced ? 9000.0 * std::sin(2 * M_PI * 440.0 * static_cast<double>(i) / 8000.0) : 0.0;
    b[i] = audio::linear_to_ulaw(static_cast<int16_t>(v));
  }
  return audio::base64_encode(b);
}

// One caller frame through the meter (decode, VAD, bookkeeping).
void caller_frame(benchmark::State& state) {
  YieldMeter meter(AudioFormat{});
  const std::string frame = frame_b64(state.range(0) != 0);
  common::TimePoint now{};
  for (auto _ : state) {
    now += common::Millis(20);
    benchmark::DoNotOptimize(meter.on_caller_audio(now, frame));
  }
}
BENCHMARK(caller_frame)->Arg(0)->Arg(1)->ArgName("voiced")->Name("Live/yield_meter_caller_20ms");

// One AI delta through the energy gate and the meter.
void ai_delta(benchmark::State& state) {
  YieldMeter meter(AudioFormat{});
  const std::string delta = frame_b64(true);
  common::TimePoint now{};
  for (auto _ : state) {
    now += common::Millis(20);
    const bool quiet = quiet_audio(delta, AudioFormat{});
    benchmark::DoNotOptimize(meter.on_ai_audio(now, quiet, meter.audio_ms(delta)));
  }
}
BENCHMARK(ai_delta)->Name("Live/yield_meter_ai_20ms");

}  // namespace
}  // namespace voxgate::live
