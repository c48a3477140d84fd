// Twilio codec hot path: one media event in and one media message out per
// 20 ms frame per call, plus the mark/clear pair of barge-in.
// Run: build/release/bench_micro --benchmark_filter=Twilio

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "audio/base64.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace {

constexpr const char* kSid = "MZ0123456789abcdef0123456789abcdef";

// 160 bytes = 20 ms of 8 kHz mu-law, Twilio's normal frame.
std::string payload_160() {
  const std::vector<uint8_t> bytes(160, 0xff);
  return audio::base64_encode(bytes);
}

void parse_media(benchmark::State& state) {
  const std::string text = encode_inbound(Media{42, kSid, "inbound", 41, 820, payload_160()});
  for (auto _ : state) {
    auto r = parse_inbound(text);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(parse_media)->Name("Twilio/parse_media_160");

void build_media(benchmark::State& state) {
  const std::string p = payload_160();
  for (auto _ : state) {
    std::string m = media_message(kSid, p);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(build_media)->Name("Twilio/media_message_160");

void build_mark(benchmark::State& state) {
  for (auto _ : state) {
    std::string m = mark_message(kSid, "resp_CCXLgMZPo3qioWCeQa4WH:17");
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(build_mark)->Name("Twilio/mark_message");

void build_mark_escaped(benchmark::State& state) {
  for (auto _ : state) {
    std::string m = mark_message(kSid, "say \"hi\"\n");
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(build_mark_escaped)->Name("Twilio/mark_message_escaped");

void build_clear(benchmark::State& state) {
  for (auto _ : state) {
    std::string m = clear_message(kSid);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(build_clear)->Name("Twilio/clear_message");

}  // namespace
}  // namespace voxgate::telephony::twilio
