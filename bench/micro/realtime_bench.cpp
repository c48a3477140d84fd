// Realtime codec hot path: audio deltas in, audio appends out, and the
// barge-in pair (truncate + cancel). Run: build/release/bench_micro --benchmark_filter=Realtime

#include <benchmark/benchmark.h>

#include <string>

#include "realtime/codec.hpp"

namespace voxgate::realtime {
namespace {

// base64 of n bytes is 4*ceil(n/3) characters.
std::string b64_of(std::size_t raw_bytes) {
  std::string s(4 * ((raw_bytes + 2) / 3), 'A');
  if (raw_bytes % 3 == 1) s.replace(s.size() - 2, 2, "==");
  if (raw_bytes % 3 == 2) s.back() = '=';
  return s;
}

std::string delta_event(std::size_t raw_bytes) {
  return encode(ServerEvent{AudioDelta{"resp_CCXLgMZPo3qioWCeQa4WH", "item_CCXLecNJVIVR2HUy3ABLj",
                                       0, 0, b64_of(raw_bytes)}},
                Dialect::kGA, "event_C9G8pjSJCfRNEhMEnYAVy");
}

void parse_delta(benchmark::State& state) {
  const std::string text = delta_event(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = parse_server_event(text);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
// 160 bytes = 20 ms of 8 kHz mu-law; 4800 bytes = 600 ms.
BENCHMARK(parse_delta)->Name("Realtime/parse_audio_delta")->Arg(160)->Arg(4800);

void encode_append(benchmark::State& state) {
  const std::string b64 = b64_of(160);
  for (auto _ : state) {
    std::string s = encode_audio_append(b64);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(encode_append)->Name("Realtime/encode_audio_append_160");

void encode_append_general(benchmark::State& state) {
  const ClientEvent e = AudioAppend{b64_of(160)};
  for (auto _ : state) {
    std::string s = encode(e, Dialect::kGA);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(encode_append_general)->Name("Realtime/encode_audio_append_160_general");

void encode_truncate(benchmark::State& state) {
  const ClientEvent e = ItemTruncate{"item_CCXLecNJVIVR2HUy3ABLj", 0, 12340};
  for (auto _ : state) {
    std::string s = encode(e, Dialect::kGA);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(encode_truncate)->Name("Realtime/encode_truncate");

void encode_cancel(benchmark::State& state) {
  const ClientEvent e = ResponseCancel{"resp_CCXLgMZPo3qioWCeQa4WH"};
  for (auto _ : state) {
    std::string s = encode(e, Dialect::kGA);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(encode_cancel)->Name("Realtime/encode_cancel");

}  // namespace
}  // namespace voxgate::realtime
