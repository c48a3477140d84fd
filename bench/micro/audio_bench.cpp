// Per-frame audio work on the caller leg: base64 and G.711 mu-law over one
// 20 ms frame (160 bytes / samples at 8 kHz).
// Run: build/release/bench_micro --benchmark_filter=Audio

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::audio {
namespace {

constexpr size_t kFrame = 160;

std::vector<uint8_t> frame_bytes() {
  std::vector<uint8_t> b(kFrame);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i * 37 + 11);
  return b;
}

void b64_encode(benchmark::State& state) {
  const auto in = frame_bytes();
  std::string out;
  for (auto _ : state) {
    base64_encode(in, out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(b64_encode)->Name("Audio/base64_encode_160");

void b64_decode(benchmark::State& state) {
  const std::string in = base64_encode(frame_bytes());
  std::vector<uint8_t> out;
  for (auto _ : state) {
    const bool ok = base64_decode(in, out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(b64_decode)->Name("Audio/base64_decode_160");

void b64_valid(benchmark::State& state) {
  const std::string in = base64_encode(frame_bytes());
  for (auto _ : state) benchmark::DoNotOptimize(base64_valid(in));
}
BENCHMARK(b64_valid)->Name("Audio/base64_valid_160");

void ulaw_enc(benchmark::State& state) {
  std::vector<int16_t> pcm(kFrame);
  for (size_t i = 0; i < pcm.size(); ++i) pcm[i] = static_cast<int16_t>(i * 409 - 32000);
  std::vector<uint8_t> out(kFrame);
  for (auto _ : state) {
    ulaw_encode(pcm, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(ulaw_enc)->Name("Audio/ulaw_encode_160");

void ulaw_dec(benchmark::State& state) {
  const auto in = frame_bytes();
  std::vector<int16_t> out(kFrame);
  for (auto _ : state) {
    ulaw_decode(in, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(ulaw_dec)->Name("Audio/ulaw_decode_160");

}  // namespace
}  // namespace voxgate::audio
