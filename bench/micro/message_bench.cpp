// The rest of the per-message work of a call, beside twilio_bench and
// realtime_bench: 100 ms deltas (800 bytes, what fakeai and OpenAI send),
// base64 of a delta both ways, the other Twilio inbound events, and every
// outbound Realtime client event voxgate builds.
// Run: build/release/bench_micro --benchmark_filter=Msg

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "audio/base64.hpp"
#include "realtime/codec.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate {
namespace {

constexpr size_t kDeltaBytes = 800;  // 100 ms of mu-law

std::vector<uint8_t> audio_bytes(size_t n) {
  std::vector<uint8_t> b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 37 + 11);
  return b;
}

void b64_encode_delta(benchmark::State& state) {
  const auto in = audio_bytes(kDeltaBytes);
  std::string out;
  for (auto _ : state) {
    audio::base64_encode(in, out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(b64_encode_delta)->Name("Msg/base64_encode_800");

void b64_decode_delta(benchmark::State& state) {
  const std::string in = audio::base64_encode(audio_bytes(kDeltaBytes));
  std::vector<uint8_t> out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(audio::base64_decode(in, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(b64_decode_delta)->Name("Msg/base64_decode_800");

void parse_delta_800(benchmark::State& state) {
  const std::string text =
      realtime::encode(realtime::ServerEvent{realtime::AudioDelta{
                           "resp_CCXLgMZPo3qioWCeQa4WH", "item_CCXLecNJVIVR2HUy3ABLj", 0, 0,
                           audio::base64_encode(audio_bytes(kDeltaBytes))}},
                       realtime::Dialect::kGA, "event_C9G8pjSJCfRNEhMEnYAVy");
  for (auto _ : state) {
    auto r = realtime::parse_server_event(text);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}
BENCHMARK(parse_delta_800)->Name("Msg/parse_audio_delta_800");

void media_message_800(benchmark::State& state) {
  const std::string b64 = audio::base64_encode(audio_bytes(kDeltaBytes));
  for (auto _ : state) {
    auto m = telephony::twilio::media_message("MZ18ad3ab5a668481ce02b83e7395059f0", b64);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(media_message_800)->Name("Msg/twilio_media_message_800");

void parse_twilio(benchmark::State& state, const telephony::twilio::InboundEvent& ev) {
  const std::string text = telephony::twilio::encode_inbound(ev);
  for (auto _ : state) {
    auto r = telephony::twilio::parse_inbound(text);
    benchmark::DoNotOptimize(r);
  }
}

void parse_mark(benchmark::State& state) {
  parse_twilio(state, telephony::twilio::Mark{42, "MZ18ad3ab5a668481ce02b83e7395059f0", "m7"});
}
BENCHMARK(parse_mark)->Name("Msg/twilio_parse_mark");

void parse_start(benchmark::State& state) {
  telephony::twilio::Start s;
  s.sequence = 1;
  s.stream_sid = "MZ18ad3ab5a668481ce02b83e7395059f0";
  s.account_sid = "AC00000000000000000000000000000000";
  s.call_sid = "CA00000000000000000000000000000000";
  s.tracks = {"inbound"};
  s.custom_parameters = {{"tenant", "acme"}, {"lang", "en"}};
  s.media_format = telephony::twilio::MediaFormat{"audio/x-mulaw", 8000, 1};
  parse_twilio(state, s);
}
BENCHMARK(parse_start)->Name("Msg/twilio_parse_start");

void encode_client(benchmark::State& state, const realtime::ClientEvent& ev) {
  for (auto _ : state) {
    auto s = realtime::encode(ev, realtime::Dialect::kGA);
    benchmark::DoNotOptimize(s);
  }
}

void encode_session_update(benchmark::State& state) {
  realtime::SessionUpdate u;
  u.session.instructions = "You are a helpful phone agent. Keep answers short.";
  encode_client(state, u);
}
BENCHMARK(encode_session_update)->Name("Msg/encode_session_update");

void encode_response_create(benchmark::State& state) {
  encode_client(state, realtime::ResponseCreate{"Greet the caller."});
}
BENCHMARK(encode_response_create)->Name("Msg/encode_response_create");

void encode_item_message(benchmark::State& state) {
  encode_client(state, realtime::ItemCreateMessage{"user", "The caller pressed 5."});
}
BENCHMARK(encode_item_message)->Name("Msg/encode_item_create_message");

void encode_function_output(benchmark::State& state) {
  encode_client(state, realtime::ItemCreateFunctionOutput{"call_1", "{\"ok\":true}"});
}
BENCHMARK(encode_function_output)->Name("Msg/encode_function_output");

}  // namespace
}  // namespace voxgate
