// End-to-end calls over real sockets: callsim (Twilio) -> voxgate CallRunner
// -> fakeai (Realtime). Each test is one rule of BEHAVIOUR.md seen from the
// outside: what the caller heard, what the AI was told, what was recorded.

#include <gtest/gtest.h>

#include "integration/bridge_harness.hpp"

namespace voxgate::testing {
namespace {

constexpr double kBytesPerSecond = 8000.0;

const callsim::CallReport& only_call(const callsim::SimReport& r) {
  EXPECT_EQ(r.calls.size(), 1u);
  return r.calls.at(0);
}

// BEHAVIOUR 1 + 2: the AI greets first; its audio reaches the caller in
// order, with marks the caller echoes; the call record holds the turn.
TEST(CallBridge, GreetingPlaysToTheCallerWithMarksAndIsRecorded) {
  BridgeHarness h("response_seconds = 1.5\nreply_text = \"Hello from the fake AI.\"\n");
  auto opts = h.default_call(3.0);
  opts.linger_s = 2.0;  // let every queued chunk play so every mark can echo
  auto report = h.call(opts);
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_NEAR(static_cast<double>(c.bytes_received) / kBytesPerSecond, 1.5, 0.01);
  EXPECT_NEAR(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.5, 0.01);
  EXPECT_GE(c.marks_received, 15u);  // one per 100 ms of audio at least
  EXPECT_EQ(c.marks_echoed, c.marks_received);
  EXPECT_EQ(c.clears, 0u);
  EXPECT_EQ(h.ai_stats().received("session.update"), 1u);
  EXPECT_GT(h.ai_stats().audio_bytes_received, 8000u);  // caller audio forwarded

  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "caller_hangup");
  ASSERT_FALSE(rec->turns.empty());
  EXPECT_EQ(rec->turns[0].role, "agent");
  EXPECT_EQ(rec->turns[0].text, "Hello from the fake AI.");
  EXPECT_FALSE(rec->turns[0].interrupted);
  EXPECT_TRUE(rec->first_audio_ms);
}

// BEHAVIOUR 3: the caller talks over the AI: clear, cancel, truncate at
// what was heard, and the late deltas of the cancelled response never reach
// the caller.
constexpr const char* kBargeInScript =
    "response_seconds = 6.0\nlate_deltas = 3\ncreate_response = false\n"
    "[[events]]\nat_ms = 1500\ntype = \"speech_started\"\n";

TEST(CallBridge, BargeInClearsCancelsTruncatesAndDropsLateAudio) {
  BridgeHarness h(kBargeInScript, [](bridge::RunnerConfig& c) {
    c.session.greeting.interruptible = true;
    c.session.greeting.min_play = common::Millis(500);
  });
  auto report = h.call(h.default_call(4.0));
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  const auto ai = h.ai_stats();
  EXPECT_EQ(c.clears, 1u);
  EXPECT_EQ(ai.responses_cancelled, 1u);
  EXPECT_EQ(ai.late_deltas_sent, 3u);
  // Every late delta is dropped, and so is any delta already in flight when
  // the cancel went out.
  EXPECT_GE(h.metrics().dropped_cancelled.value(), 3u);
  ASSERT_EQ(ai.truncate_audio_end_ms.size(), 1u);
  // What the caller heard before the clear, give or take the mark spacing and
  // the connection set-up before the greeting started.
  const double heard_ms = 1000.0 * static_cast<double>(c.bytes_played) / kBytesPerSecond;
  EXPECT_NEAR(static_cast<double>(ai.truncate_audio_end_ms[0]), heard_ms, 250.0);
  EXPECT_LT(heard_ms, 1600.0);
  // Nothing after the clear: the caller got less than the whole 6 s response.
  EXPECT_LT(c.bytes_received, static_cast<uint64_t>(2.5 * kBytesPerSecond));
  EXPECT_EQ(c.marks_echoed, c.marks_received);

  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  ASSERT_FALSE(rec->turns.empty());
  EXPECT_TRUE(rec->turns[0].interrupted);
  EXPECT_TRUE(rec->barge_in_latency_ms);
}

// BEHAVIOUR 1: a greeting that is not interruptible plays on when the
// caller talks over it.
TEST(CallBridge, NonInterruptibleGreetingIsNotCut) {
  BridgeHarness h(kBargeInScript);  // greeting.interruptible defaults to false
  auto report = h.call(h.default_call(4.0));
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.clears, 0u);
  EXPECT_EQ(h.ai_stats().responses_cancelled, 0u);
  EXPECT_TRUE(h.ai_stats().truncate_audio_end_ms.empty());
}

// BEHAVIOUR 4: the AI ends the call through the end_call tool; the hang-up
// waits until the final audio has played.
TEST(CallBridge, EndCallToolHangsUpAfterTheFinalAudio) {
  BridgeHarness h("response_seconds = 1.0\nend_call_after_responses = 1\n");
  auto report = h.call(h.default_call(6.0));
  const auto& c = only_call(report);
  EXPECT_EQ(c.ended_by, "server");
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_NEAR(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.0, 0.01);
  EXPECT_EQ(c.bytes_unplayed, 0u);
  EXPECT_EQ(h.ai_stats().received("conversation.item.create"), 1u);  // the tool output
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "agent_hangup");
}

// BEHAVIOUR 5: the AI leg drops mid-call; voxgate reconnects, restores the
// conversation and the call goes on.
TEST(CallBridge, AiLegDropIsRecoveredByReconnecting) {
  BridgeHarness h("response_seconds = 1.0\nclose_after_ms = 1500\nfault_connections = 1\n");
  auto report = h.call(h.default_call(4.0));
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.ended_by, "caller");
  EXPECT_EQ(h.ai_stats().connections, 2u);
  EXPECT_GE(h.metrics().reconnects.value(), 1u);
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "caller_hangup");
  bool saw_reconnect = false;
  for (const auto& e : rec->events) saw_reconnect |= e.kind == "reconnected";
  EXPECT_TRUE(saw_reconnect);
}

// BEHAVIOUR 5: a fatal AI error (bad key) skips the reconnect loop; the
// caller hears the fallback message and the call ends cleanly.
TEST(CallBridge, FatalAiErrorPlaysFallbackAndEnds) {
  BridgeHarness h("error_after_ms = 300\nerror_code = \"invalid_api_key\"\n");
  auto report = h.call(h.default_call(15.0));
  const auto& c = only_call(report);
  EXPECT_EQ(c.ended_by, "server");
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_EQ(h.ai_stats().connections, 1u);  // no reconnect loop
  // The shipped fallback clip is ~5 s; the caller heard it to the end.
  EXPECT_GT(static_cast<double>(c.bytes_played) / kBytesPerSecond, 4.0);
  EXPECT_EQ(h.metrics().fallbacks.value(), 1u);
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "ai_failure");
}

// BEHAVIOUR 5 watchdog: the AI goes quiet mid-response; after ai_watchdog
// without an event the leg counts as failed and is redialled.
TEST(CallBridge, StalledAiLegIsCaughtByTheWatchdog) {
  BridgeHarness h("response_seconds = 3.0\nstall_after_ms = 800\nfault_connections = 1\n",
                  [](bridge::RunnerConfig& c) { c.session.ai_watchdog = common::Millis(1000); });
  auto report = h.call(h.default_call(4.0));
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(h.ai_stats().connections, 2u);
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  bool fatal = false;
  for (const auto& e : rec->events) fatal |= e.kind == "ai_leg_fatal";
  EXPECT_TRUE(fatal);
}

// BEHAVIOUR 4: the caller hangs up while the AI is speaking: the AI leg is
// closed and the record is final.
TEST(CallBridge, CallerHangupMidResponseClosesTheAiLeg) {
  BridgeHarness h("response_seconds = 6.0\n");
  auto report = h.call(h.default_call(1.5));
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.ended_by, "caller");
  // The runner (and with it the AI client it closed) is gone.
  EXPECT_TRUE(h.wait_for([&] { return h.metrics().active_calls.value() == 0; }));
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "caller_hangup");
}

// One bad call never hurts another: many calls at once all complete.
TEST(CallBridge, ConcurrentCallsAreIndependent) {
  BridgeHarness h("response_seconds = 1.0\n");
  auto opts = h.default_call(2.0);
  opts.linger_s = 2.0;  // let every queued chunk play so every mark can echo
  opts.calls = 50;
  opts.keep_heard = false;
  auto report = h.call(opts);
  EXPECT_EQ(report.totals.calls_ok, 50);
  EXPECT_EQ(report.totals.protocol_errors, 0u);
  EXPECT_EQ(report.totals.marks_echoed, report.totals.marks_received);
  EXPECT_EQ(h.ai_stats().connections, 50u);
  EXPECT_TRUE(h.wait_for([&] { return h.metrics().active_calls.value() == 0; }));
}

}  // namespace
}  // namespace voxgate::testing
