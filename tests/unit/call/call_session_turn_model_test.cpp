// BEHAVIOUR 3 under each turn model. Client-managed (Realtime): caller speech
// over the AI clears, cancels and truncates; a response's audio arrives
// faster than real time and is forwarded whole. Model-managed (GPT-Live):
// caller speech sends no clear, cancel or truncate; the playout toward the
// carrier is kept within max_playout_ahead of real time, the excess dropped
// and counted. Explicit time, recording sink.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;
using testing::b64_ms;

class TurnModelTest : public testing::SessionFixture {
 protected:
  void model_managed() { cfg.turn_model = ai::AiTurnModel::kModelManaged; }
  // n chunks of 20 ms of response r, item i, all at `when`.
  void burst(int n, int when) {
    for (int k = 0; k < n; ++k) s->on_ai_audio_delta(at(when), "r1", "i1", b64_ms(20));
  }
  // n chunks of 20 ms at playback pace from `from`.
  void paced(int n, int from) {
    for (int k = 0; k < n; ++k) s->on_ai_audio_delta(at(from + 20 * k), "r1", "i1", b64_ms(20));
  }
};

TEST_F(TurnModelTest, ClientManagedCallerSpeechClearsCancelsTruncates) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  paced(10, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(200), "u1");
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:r1", "truncate:i1:200"}));
}

TEST_F(TurnModelTest, ModelManagedCallerSpeechSendsNoClearCancelOrTruncate) {
  model_managed();
  cfg.min_barge_in_speech = Millis(200);
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  paced(10, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(200), "u1");
  s->on_tick(at(300));
  s->on_tick(at(500));  // past min_barge_in_speech: still nothing
  EXPECT_TRUE(sink.since(m).empty());
  EXPECT_TRUE(s->response_in_progress());
  EXPECT_TRUE(s->ai_audio_playing());
  EXPECT_EQ(s->stats().cancels, 0u);
  EXPECT_EQ(s->stats().truncates, 0u);
  // The model yields by itself; what it sends meanwhile still plays.
  s->on_ai_audio_delta(at(520), "r1", "i1", b64_ms(20));
  EXPECT_EQ(sink.actions.back(), "media");
}

TEST_F(TurnModelTest, ModelManagedPlayoutIsBoundedAndTheExcessCounted) {
  model_managed();  // default bound: 300 ms
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  burst(50, 0);                               // 1 s at once
  EXPECT_EQ(sink.count_prefix("media"), 15);  // 300 ms queued
  EXPECT_EQ(s->stats().dropped_playout_overflow, 35u);
  int counted = 0;
  for (const auto& [metric, value] : sink.metrics) {
    counted += metric == Metric::kDroppedPlayoutOverflow ? 1 : 0;
  }
  EXPECT_EQ(counted, 35);
  burst(10, 100);  // 100 ms played: room for 100 ms more
  EXPECT_EQ(sink.count_prefix("media"), 20);
}

TEST_F(TurnModelTest, ModelManagedACarrierPlayingLateShowsAtItsMark) {
  model_managed();
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  burst(15, 0);  // 300 ms, marks m1 (100 ms) .. m3 (300 ms)
  // By real time all of it has played by 1000; the mark says only 100 ms:
  // 200 ms still queued, room for 100 ms.
  s->on_caller_mark(at(1000), "m1");
  burst(6, 1000);
  EXPECT_EQ(sink.count_prefix("media"), 20);
  EXPECT_EQ(s->stats().dropped_playout_overflow, 1u);
  burst(1, 1020);  // 20 ms more played since the mark: room again
  EXPECT_EQ(sink.count_prefix("media"), 21);
}

TEST_F(TurnModelTest, ModelManagedStreamAtPlaybackPaceIsNeverDropped) {
  model_managed();
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  paced(500, 0);  // 10 s, no mark ever echoed
  EXPECT_EQ(sink.count_prefix("media"), 500);
  EXPECT_EQ(s->stats().dropped_playout_overflow, 0u);
}

TEST_F(TurnModelTest, ClientManagedBurstIsForwardedWhole) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  burst(50, 0);
  EXPECT_EQ(sink.count_prefix("media"), 50);
  EXPECT_EQ(s->stats().dropped_playout_overflow, 0u);
}

TEST_F(TurnModelTest, ModelManagedVoxgateStillClearsItsOwnHoldingPrompt) {
  model_managed();
  make_ready();
  s->on_ai_leg_failed(at(0), "closed", false);
  s->on_ai_connected(at(100));
  std::size_t m = mark();
  s->on_ai_session_updated(at(110));
  EXPECT_EQ(sink.since(m), (Strings{"clear"}));
}

// The playout depth before each chunk is observed, and a chunk is sent only
// when it fits in max_playout_ahead: every depth is at most the bound less
// the chunk.
TEST_F(TurnModelTest, ModelManagedPlayoutDepthIsObservedPerChunkAndBounded) {
  model_managed();  // 300 ms
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  burst(50, 0);
  std::vector<double> depths;
  for (const auto& [metric, value] : sink.metrics)
    if (metric == Metric::kPlayoutAheadSeconds) depths.push_back(value);
  ASSERT_EQ(depths.size(), 15u);  // one per chunk sent
  EXPECT_DOUBLE_EQ(depths.front(), 0.0);
  EXPECT_DOUBLE_EQ(depths.back(), 0.280);
  for (double d : depths) EXPECT_LE(d, 0.300);
}

TEST_F(TurnModelTest, ClientManagedPlayoutDepthIsNotObserved) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  burst(10, 0);
  for (const auto& [metric, value] : sink.metrics) EXPECT_NE(metric, Metric::kPlayoutAheadSeconds);
}

// BEHAVIOUR 3 "Model-managed": the leg measures the yield; the core counts
// it and records it as the call's barge-in figure.
TEST_F(TurnModelTest, ModelYieldIsCountedAndRecorded) {
  model_managed();
  make_ready();
  s->on_ai_model_yielded(at(100), 0.42);
  int observed = 0;
  for (const auto& [metric, value] : sink.metrics) {
    if (metric != Metric::kModelYieldedSeconds) continue;
    ++observed;
    EXPECT_DOUBLE_EQ(value, 0.42);
  }
  EXPECT_EQ(observed, 1);
  EXPECT_EQ(s->stats().model_yields, 1u);
  EXPECT_EQ(s->stats().barge_ins, 0u);
  ASSERT_FALSE(sink.events.empty());
  EXPECT_EQ(sink.events.back().kind, CallEvent::Kind::kModelYielded);
  EXPECT_DOUBLE_EQ(sink.events.back().value, 0.42);
}

// Turn latency as for Realtime: the caller's speech end (the leg's VAD here,
// the server's speech_stopped there) to the next AI audio forwarded.
TEST_F(TurnModelTest, ModelManagedTurnLatencyRunsFromTheCallerSpeechEnd) {
  model_managed();
  make_ready();
  s->on_ai_caller_speech_ended(at(1000));
  s->on_ai_response_created(at(1200), "r1");
  s->on_ai_audio_delta(at(1350), "r1", "i1", b64_ms(20));
  s->on_ai_audio_delta(at(1370), "r1", "i1", b64_ms(20));
  std::vector<double> latencies;
  for (const auto& [metric, value] : sink.metrics)
    if (metric == Metric::kTurnLatencySeconds) latencies.push_back(value);
  ASSERT_EQ(latencies.size(), 1u);
  EXPECT_NEAR(latencies[0], 0.350, 1e-9);
}

// PROTOCOLS-LIVE 7: a model-managed session takes its history at its start
// only, so the transcript goes to the new leg before its configuration.
TEST_F(TurnModelTest, ModelManagedRestoreSendsTheTranscriptBeforeConfigure) {
  model_managed();
  make_ready();
  s->on_ai_input_transcript(at(0), "u0", "hello");
  s->on_ai_leg_failed(at(100), "closed", false);
  std::size_t m = mark();
  s->on_ai_connected(at(200));
  EXPECT_EQ(sink.since(m), (Strings{"item:user:hello", "configure"}));
  m = mark();
  s->on_ai_session_updated(at(210));
  for (const auto& a : sink.since(m)) EXPECT_NE(a.rfind("item:", 0), 0u) << a;
  EXPECT_EQ(s->stats().reconnects, 1u);
}

}  // namespace
}  // namespace voxgate::call
