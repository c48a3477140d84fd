// One CallSession step on the media hot path: a caller frame forwarded to the
// AI leg, and an AI delta forwarded to the caller (with its mark bookkeeping).
#include <benchmark/benchmark.h>

#include <string>

#include "call/call_session.hpp"

namespace {

using namespace voxgate;

class NullSink final : public call::ActionSink {
 public:
  void send_caller_media(std::string_view p) override { benchmark::DoNotOptimize(p.data()); }
  void send_caller_mark(std::string_view) override {}
  void send_caller_clear() override {}
  void play_clip(call::Clip, std::string_view) override {}
  void open_ai_leg() override {}
  void close_ai_leg() override {}
  void configure_ai() override {}
  void send_ai_append(std::string_view p) override { benchmark::DoNotOptimize(p.data()); }
  void send_ai_item_text(call::Role, std::string_view) override {}
  void send_ai_function_output(std::string_view, std::string_view) override {}
  void send_ai_response_create(std::optional<std::string_view>) override {}
  void send_ai_cancel(std::string_view) override {}
  void send_ai_truncate(std::string_view, int64_t) override {}
  void end_call(call::EndReason) override {}
  void record(const call::CallEvent&) override {}
  void metric(call::Metric, double) override {}
};

common::TimePoint t0() {
  return common::TimePoint{} + std::chrono::hours(1);
}

// A session with the caller started and the AI leg ready; no call-length limit.
struct ReadySession {
  NullSink sink;
  call::SessionConfig cfg = [] {
    call::SessionConfig c;
    c.max_call_duration = common::Millis(0);
    return c;
  }();
  call::CallSession s{cfg, sink, t0()};
  ReadySession() {
    s.start(t0());
    s.on_caller_start(t0(), call::CallerStart{"MZ", "CA", {}});
    s.on_ai_connected(t0());
    s.on_ai_session_updated(t0());
  }
};

// A 20 ms mu-law frame as base64 (160 bytes -> 216 characters).
const std::string kFrame = std::string(214, 'A') + "==";

void BM_CallerMediaFrame(benchmark::State& state) {
  ReadySession r;
  auto& s = r.s;
  auto now = t0();
  for (auto _ : state) {
    now += common::Millis(20);
    s.on_caller_media(now, kFrame, 0);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CallerMediaFrame);

void BM_AiAudioDelta(benchmark::State& state) {
  ReadySession r;
  auto& s = r.s;
  s.on_ai_response_created(t0(), "resp_0123456789abcdef");
  auto now = t0();
  int n = 0;
  for (auto _ : state) {
    now += common::Millis(20);
    s.on_ai_audio_delta(now, "resp_0123456789abcdef", "item_0123456789abcdef", kFrame);
    // Echo marks now and then so the outstanding set stays realistic.
    if (++n % 5 == 0) s.on_caller_mark(now, "m" + std::to_string(n / 5));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AiAudioDelta);

}  // namespace
