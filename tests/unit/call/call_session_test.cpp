// CallSession rules of BEHAVIOUR.md 1-5, one test per rule, explicit time.
#include "call/call_session.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;
using testing::b64_ms;

class CallSessionTest : public testing::SessionFixture {
 protected:
  void make_ready(bool with_greeting = false) {
    if (with_greeting) cfg.greeting.instructions = "Greet the caller";
    SessionFixture::make_ready();
  }
};

TEST_F(CallSessionTest, StartDialsConfiguresAndGreets) {
  make_ready(true);
  EXPECT_EQ(sink.actions, (Strings{"open", "configure", "create:Greet the caller"}));
  EXPECT_TRUE(s->greeting_active());
}

TEST_F(CallSessionTest, GreetingWaitsForCallerStart) {
  cfg.greeting.instructions = "hi";
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_ai_connected(t0);
  s->on_ai_session_updated(t0);
  EXPECT_FALSE(sink.has("create:hi"));
  s->on_caller_start(at(5), CallerStart{"MZ1", "CA1", {}});
  EXPECT_TRUE(sink.has("create:hi"));
}

TEST_F(CallSessionTest, EarlyAudioBufferedFlushedInOrderAndBounded) {
  cfg.early_audio_max_frames = 3;
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  for (std::string p : {"f1", "f2", "f3", "f4"}) s->on_caller_media(t0, p, 0);
  EXPECT_EQ(s->stats().dropped_overflow, 1u);
  s->on_ai_connected(at(10));
  std::size_t m = mark();
  s->on_ai_session_updated(at(10));
  EXPECT_EQ(sink.since(m), (Strings{"append:f2", "append:f3", "append:f4"}));
  s->on_caller_media(at(20), "f5", 0);
  EXPECT_EQ(sink.actions.back(), "append:f5");
}

TEST_F(CallSessionTest, AudioForwardedWithSparseMarksAndItemEndMark) {
  make_ready();
  std::size_t m = mark();
  play("r1", "i1", 140, 0);  // 7 deltas: mark after 5 (100 ms)
  s->on_ai_audio_done(at(0), "r1", "i1");
  EXPECT_EQ(sink.since(m), (Strings{"media", "media", "media", "media", "media", "mark:m1", "media",
                                    "media", "mark:m2"}));
  EXPECT_TRUE(s->ai_audio_playing());
  s->on_caller_mark(at(100), "m1");
  EXPECT_TRUE(s->ai_audio_playing());
  s->on_caller_mark(at(140), "m2");
  EXPECT_FALSE(s->ai_audio_playing());
}

TEST_F(CallSessionTest, BargeInClearCancelTruncateInOneStepInOrder) {
  make_ready();
  play("r1", "i1", 1000, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(300), "u1");
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:r1", "truncate:i1:300"}));
  EXPECT_TRUE(s->cancelled().contains("r1"));
  EXPECT_FALSE(s->response_in_progress());
  EXPECT_FALSE(s->ai_audio_playing());
  EXPECT_TRUE(sink.has_event(CallEvent::Kind::kBargeIn));
}

TEST_F(CallSessionTest, NoCancelWhenResponseDoneButAudioStillPlaying) {
  make_ready();
  play("r1", "i1", 1000, 0);
  s->on_ai_audio_done(at(0), "r1", "i1");
  s->on_ai_response_done(at(0), "r1", ResponseStatus::kCompleted);
  ASSERT_TRUE(s->ai_audio_playing());
  std::size_t m = mark();
  s->on_ai_speech_started(at(400), "u1");
  EXPECT_EQ(sink.since(m), (Strings{"clear", "truncate:i1:400"}));
}

TEST_F(CallSessionTest, NoBargeInWhenAiSilent) {
  make_ready();
  std::size_t m = mark();
  s->on_ai_speech_started(at(10), "u1");
  EXPECT_TRUE(sink.since(m).empty());
}

TEST_F(CallSessionTest, LateDeltasOfCancelledResponseNeverReachCaller) {
  make_ready();
  play("r1", "i1", 200, 0);
  s->on_ai_speech_started(at(50), "u1");
  int media_before = sink.count_prefix("media");
  for (int k = 0; k < 10; ++k) s->on_ai_audio_delta(at(60), "r1", "i1", b64_ms(20));
  s->on_ai_response_done(at(70), "r1", ResponseStatus::kCancelled);
  s->on_ai_audio_delta(at(80), "r1", "i1", b64_ms(20));  // even after done
  EXPECT_EQ(sink.count_prefix("media"), media_before);
  EXPECT_EQ(s->stats().dropped_cancelled, 11u);
  // The next response plays normally.
  play("r2", "i2", 20, 100);
  EXPECT_EQ(sink.count_prefix("media"), media_before + 1);
}

TEST_F(CallSessionTest, DeltaForUnknownResponseDroppedAsLate) {
  make_ready();
  s->on_ai_audio_delta(at(0), "rX", "iX", b64_ms(20));
  EXPECT_EQ(sink.count_prefix("media"), 0);
  EXPECT_EQ(s->stats().dropped_late, 1u);
}

TEST_F(CallSessionTest, TruncateCappedAtAudioSent) {
  make_ready();
  play("r1", "i1", 200, 0);
  s->on_ai_speech_started(at(5000), "u1");
  EXPECT_TRUE(sink.has("truncate:i1:200"));
}

TEST_F(CallSessionTest, DiscardedMarksAfterClearNotCountedAsHeard) {
  make_ready();
  play("r1", "i1", 300, 0);
  s->on_ai_speech_started(at(50), "u1");
  s->on_ai_response_done(at(60), "r1", ResponseStatus::kCancelled);
  play("r2", "i2", 300, 100);
  s->on_caller_mark(at(101), "m1");  // discarded echoes from before the clear
  s->on_caller_mark(at(101), "m2");
  s->on_caller_mark(at(101), "m3");
  EXPECT_TRUE(s->ai_audio_playing());
  std::size_t m = mark();
  s->on_ai_speech_started(at(150), "u2");
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:r2", "truncate:i2:50"}));
}

TEST_F(CallSessionTest, MinBargeInSpeechGuard) {
  cfg.min_barge_in_speech = Millis(200);
  make_ready();
  play("r1", "i1", 2000, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(100), "u1");
  s->on_tick(at(200));
  s->on_ai_speech_stopped(at(250));  // a cough: shorter than 200 ms
  s->on_tick(at(400));
  EXPECT_TRUE(sink.since(m).empty());
  s->on_ai_speech_started(at(500), "u2");
  s->on_tick(at(600));
  EXPECT_TRUE(sink.since(m).empty());
  s->on_tick(at(700));
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:r1", "truncate:i1:700"}));
  EXPECT_DOUBLE_EQ(sink.metrics.back().second, 0.2);  // latency from speech start
}

TEST_F(CallSessionTest, GreetingNotInterruptibleByDefault) {
  make_ready(true);
  play("g1", "gi", 3000, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(2000), "u1");
  EXPECT_TRUE(sink.since(m).empty());
  EXPECT_TRUE(s->greeting_active());
}

TEST_F(CallSessionTest, InterruptibleGreetingOnlyAfterMinPlay) {
  cfg.greeting.interruptible = true;
  cfg.greeting.min_play = Millis(1000);
  make_ready(true);
  play("g1", "gi", 3000, 0);
  std::size_t m = mark();
  s->on_ai_speech_started(at(500), "u1");
  EXPECT_TRUE(sink.since(m).empty());
  s->on_ai_speech_stopped(at(600));
  s->on_ai_speech_started(at(1200), "u2");
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:g1", "truncate:gi:1200"}));
  EXPECT_FALSE(s->greeting_active());
}

TEST_F(CallSessionTest, GreetingEndsOnItsLastMark) {
  make_ready(true);
  play("g1", "gi", 100, 0);
  s->on_ai_audio_done(at(0), "g1", "gi");
  s->on_ai_response_done(at(0), "g1", ResponseStatus::kCompleted);
  EXPECT_TRUE(s->greeting_active());
  s->on_caller_mark(at(100), last_mark_name());
  EXPECT_FALSE(s->greeting_active());
  EXPECT_EQ(s->greeting_state(), Greeting::State::kOver);
}

TEST_F(CallSessionTest, GreetingDeadlineEndsGreeting) {
  cfg.greeting.deadline = Millis(15000);
  cfg.ai_watchdog = Millis(60000);  // the greeting's own deadline, not the watchdog
  make_ready(true);
  play("g1", "gi", 100, 0);  // its mark never echoes, response never done
  s->on_tick(at(14900));
  EXPECT_TRUE(s->greeting_active());
  s->on_tick(at(15000));
  EXPECT_FALSE(s->greeting_active());
}

TEST_F(CallSessionTest, HangupDeferredDuringGreetingAndUntilFinalMark) {
  make_ready(true);
  play("g1", "gi", 200, 0);
  s->on_ai_function_call(at(10), "c1", "end_call", "{}");
  EXPECT_TRUE(sink.has(R"(output:c1:{"ok":true})"));
  s->on_ai_audio_done(at(10), "g1", "gi");
  s->on_ai_response_done(at(10), "g1", ResponseStatus::kCompleted);
  s->on_tick(at(100));
  EXPECT_FALSE(s->ended());  // greeting audio still playing
  s->on_caller_mark(at(100), "m1");
  EXPECT_FALSE(s->ended());
  s->on_caller_mark(at(200), "m2");  // final mark
  EXPECT_TRUE(s->ended());
  EXPECT_EQ(s->end_reason(), EndReason::kAgentHangup);
  EXPECT_EQ(sink.since(sink.actions.size() - 2), (Strings{"close", "end:agent_hangup"}));
}

TEST_F(CallSessionTest, HangupWaitsForResponseDone) {
  make_ready();
  play("r1", "i1", 20, 0);
  s->on_ai_function_call(at(10), "c1", "end_call", "{}");
  s->on_ai_audio_done(at(10), "r1", "i1");
  s->on_caller_mark(at(30), last_mark_name());
  EXPECT_FALSE(s->ended());  // response r1 not done yet
  s->on_ai_response_done(at(40), "r1", ResponseStatus::kCompleted);
  EXPECT_TRUE(s->ended());
}

TEST_F(CallSessionTest, AiFailureMidResponseHoldsReconnectsRestores) {
  make_ready(true);
  s->on_ai_input_transcript(at(0), "u0", "hello");
  play("g1", "gi", 200, 0);
  s->on_ai_transcript_done(at(0), "g1", "gi", "Welcome to voxgate");
  std::size_t m = mark();
  s->on_ai_leg_failed(at(100), "socket closed", false);
  EXPECT_EQ(sink.since(m), (Strings{"close", "clip:holding:clip1", "open"}));
  EXPECT_FALSE(s->greeting_active());
  EXPECT_FALSE(s->response_in_progress());
  EXPECT_FALSE(s->ai_audio_playing());
  int fatal = 0;
  for (const auto& e : sink.events) fatal += e.kind == CallEvent::Kind::kAiLegFatal ? 1 : 0;
  EXPECT_EQ(fatal, 1);
  s->on_caller_media(at(150), "during", 0);  // buffered while reconnecting
  m = mark();
  s->on_ai_connected(at(200));
  s->on_ai_session_updated(at(210));
  // The holding prompt is cut (clear) once the leg is back (BEHAVIOUR 5.3).
  EXPECT_EQ(sink.since(m),
            (Strings{"configure", "item:user:hello", "item:assistant:Welcome to voxgate", "clear",
                     "append:during"}));
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
  EXPECT_EQ(s->stats().reconnects, 1u);
  // The old leg's response never plays now.
  s->on_ai_audio_delta(at(220), "g1", "gi", b64_ms(20));
  EXPECT_EQ(sink.actions.back(), "append:during");
}

TEST_F(CallSessionTest, ReconnectBudgetExhaustedPlaysFallbackThenEnds) {
  cfg.reconnect_max_attempts = 2;
  make_ready();
  s->on_ai_leg_failed(at(0), "tls failure", false);
  s->on_ai_reconnect_failed(at(100));
  EXPECT_EQ(sink.count_prefix("open"), 2);  // initial dial + first redial
  s->on_tick(at(200));
  s->on_tick(at(700));  // backoff elapsed: second redial
  EXPECT_EQ(sink.count_prefix("open"), 3);
  s->on_ai_reconnect_failed(at(800));
  EXPECT_TRUE(sink.has("clip:fallback:clip2"));
  EXPECT_FALSE(s->ended());
  s->on_caller_mark(at(3000), "clip2");
  EXPECT_TRUE(s->ended());
  EXPECT_EQ(s->end_reason(), EndReason::kAiFailure);
}

TEST_F(CallSessionTest, ReconnectBudgetSecondsAndFallbackDeadline) {
  make_ready();
  s->on_ai_leg_failed(at(0), "closed", false);
  s->on_tick(at(10000));  // budget of 10 s spent with the dial hanging
  EXPECT_EQ(sink.count_prefix("clip:fallback"), 1);
  s->on_tick(at(24000));
  EXPECT_FALSE(s->ended());
  s->on_tick(at(25000));  // clip mark never echoed: deadline
  EXPECT_TRUE(s->ended());
}

TEST_F(CallSessionTest, FatalErrorCodeNoReconnect) {
  make_ready();
  std::size_t m = mark();
  s->on_ai_error(at(0), "invalid_api_key", "bad key");
  EXPECT_EQ(sink.count_prefix("open"), 1);
  Strings got = sink.since(m);
  EXPECT_EQ(got, (Strings{"close", "clip:fallback:clip1"}));
}

TEST_F(CallSessionTest, CancelNotActiveIgnored) {
  make_ready();
  for (int k = 0; k < 20; ++k) s->on_ai_error(at(k), "response_cancel_not_active", "");
  EXPECT_EQ(s->stats().ai_errors, 0u);
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
}

TEST_F(CallSessionTest, NonFatalErrorsPastThresholdFail) {
  cfg.ai_error_threshold = 3;
  make_ready();
  s->on_ai_error(at(0), "server_error", "x");
  s->on_ai_error(at(1), "server_error", "x");
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
  s->on_ai_error(at(2), "server_error", "x");
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReconnecting);
}

TEST_F(CallSessionTest, WatchdogFailsSilentResponse) {
  make_ready();  // default watchdog: 3 s (BEHAVIOUR 5)
  s->on_ai_response_created(at(0), "r1");
  s->on_tick(at(2900));
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
  s->on_tick(at(3000));
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReconnecting);
}

TEST_F(CallSessionTest, PendingHangupHonouredOnFailure) {
  make_ready();
  play("r1", "i1", 200, 0);
  s->on_ai_function_call(at(0), "c1", "end_call", "{}");
  std::size_t m = mark();
  s->on_ai_leg_failed(at(50), "closed", false);
  EXPECT_EQ(sink.since(m), (Strings{"close", "mark:end1"}));
  s->on_caller_mark(at(200), "end1");
  EXPECT_EQ(s->end_reason(), EndReason::kAgentHangup);
}

TEST_F(CallSessionTest, CallerStopEndsAndNothingAfter) {
  make_ready();
  play("r1", "i1", 100, 0);
  s->on_caller_stop(at(10));
  EXPECT_EQ(sink.since(sink.actions.size() - 2), (Strings{"close", "end:caller_hangup"}));
  std::size_t m = mark();
  std::size_t ev = sink.events.size();
  play("r2", "i2", 100, 20);
  s->on_caller_media(at(30), "x", 0);
  s->on_ai_speech_started(at(40), "u");
  s->on_ai_leg_failed(at(50), "x", false);
  s->on_tick(at(100000000));
  s->on_caller_stop(at(100000001));
  s->on_caller_mark(at(100000002), "m1");
  EXPECT_TRUE(sink.since(m).empty());
  EXPECT_EQ(sink.events.size(), ev);
}

TEST_F(CallSessionTest, MaxCallDuration) {
  cfg.max_call_duration = Millis(60000);
  make_ready();
  s->on_tick(at(59999));
  EXPECT_FALSE(s->ended());
  s->on_tick(at(60000));
  EXPECT_EQ(s->end_reason(), EndReason::kMaxDuration);
}

TEST_F(CallSessionTest, CallerSilencePromptThenHangup) {
  cfg.caller_silence_timeout = Millis(10000);
  cfg.silence_prompt = "Are you still there?";
  make_ready();
  s->on_tick(at(10000));
  EXPECT_TRUE(sink.has("create:Are you still there?"));
  s->on_ai_response_created(at(10100), "r1");
  s->on_ai_response_done(at(12000), "r1", ResponseStatus::kCompleted);
  s->on_tick(at(21999));
  EXPECT_FALSE(s->ended());
  s->on_tick(at(22000));
  EXPECT_EQ(s->end_reason(), EndReason::kCallerSilence);
}

TEST_F(CallSessionTest, DtmfBecomesUserTextAndResponse) {
  make_ready();
  std::size_t m = mark();
  s->on_caller_dtmf(at(0), "5");
  EXPECT_EQ(sink.since(m), (Strings{"item:user:The caller pressed 5", "create"}));
  // While a response is busy, the create waits for its done.
  s->on_ai_response_created(at(10), "r1");
  m = mark();
  s->on_caller_dtmf(at(1020), "7");
  EXPECT_EQ(sink.since(m), (Strings{"item:user:The caller pressed 7"}));
  s->on_ai_response_done(at(1030), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(sink.actions.back(), "create");
}

TEST_F(CallSessionTest, InterruptedAgentTurnRecordedCut) {
  make_ready();
  play("r1", "i1", 1000, 0);
  s->on_ai_transcript_done(at(0), "r1", "i1", "one two three four five six seven eight nine");
  s->on_ai_speech_started(at(500), "u1");
  bool found = false;
  for (const auto& e : sink.events) {
    if (e.kind == CallEvent::Kind::kTranscriptTurn && e.interrupted) {
      found = true;
      EXPECT_EQ(e.text, "one two three four");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace voxgate::call
