// LiveTranslator: the GPT-Live rules of one AI leg without a socket
// (PROTOCOLS-LIVE 1, 5-8), driven with a manual clock.

#include "live/live_translator.hpp"

#include <gtest/gtest.h>

namespace voxgate::live {
namespace {

using namespace std::chrono_literals;

class LiveTranslatorTest : public ::testing::Test {
 protected:
  LiveOutput on(ServerEvent e) {
    LiveOutput out;
    t.on_event(std::move(e), clock.now(), out);
    return out;
  }
  LiveOutput poll() {
    LiveOutput out;
    t.poll(clock.now(), out);
    return out;
  }
  void start() {
    LiveOutput out;
    t.start(StartConfig{}, out);
    on(SessionStarted{"live_1", 0, "gpt-live-1"});
  }
  LiveOutput transcript(Side side, std::string_view text, int64_t start_ms = 0,
                        int64_t end_ms = 0) {
    return on(TranscriptDelta{side, std::string(text), start_ms, end_ms});
  }
  static ResponseEvent backend(BackendEvent::Kind kind, std::string call_id = {}) {
    BackendEvent b;
    b.kind = kind;
    b.call_id = std::move(call_id);
    b.name = "end_call";
    b.arguments = "{}";
    return ResponseEvent{std::nullopt, b};
  }

  common::ManualClock clock;
  LiveTranslator t{TranslatorOptions{}};
};

// PROTOCOLS-LIVE 7: a reconnect seeds the new session's start with the
// conversation, at most 128 messages, the oldest trimmed.
TEST_F(LiveTranslatorTest, HistoryBeforeTheStartGoesIntoSessionStartInput) {
  LiveOutput none;
  for (int i = 0; i < 130; ++i)
    t.add_text(i % 2 ? ai::Speaker::kAssistant : ai::Speaker::kUser, "turn " + std::to_string(i),
               none);
  EXPECT_TRUE(none.sends.empty());
  StartConfig cfg;
  cfg.input = {{"developer", "context"}};
  LiveOutput out;
  t.start(cfg, out);
  ASSERT_EQ(out.sends.size(), 1u);
  const auto& input = std::get<SessionStart>(out.sends[0]).session.input;
  ASSERT_EQ(input.size(), 128u);
  EXPECT_EQ(input.front(), (InputMessage{"user", "turn 2"}));
  EXPECT_EQ(input.back(), (InputMessage{"assistant", "turn 129"}));
}

TEST_F(LiveTranslatorTest, StartSendsSessionStartAndQueuesTheRestUntilStarted) {
  LiveOutput out;
  t.start(StartConfig{}, out);
  ASSERT_EQ(out.sends.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<SessionStart>(out.sends[0]));
  LiveOutput early;
  EXPECT_TRUE(t.send(InputAudioAppend{"AAAA"}, early));
  t.create_response("Greet the caller.", early);
  EXPECT_TRUE(early.sends.empty());
  LiveOutput ready = on(SessionStarted{"live_1", 0, ""});
  ASSERT_EQ(ready.sends.size(), 2u);
  EXPECT_EQ(ready.sends[0], ClientEvent{InputAudioAppend{"AAAA"}});
  EXPECT_EQ(ready.sends[1],
            ClientEvent(ContextAppend{AppendKind::kCommentary, std::nullopt, "Greet the caller."}));
  ASSERT_EQ(ready.events.size(), 1u);
  EXPECT_EQ(ready.events[0], ai::AiEvent{ai::SessionReady{}});
  EXPECT_EQ(t.session_id(), "live_1");
}

TEST_F(LiveTranslatorTest, QueueBeforeStartIsBounded) {
  LiveTranslator small{TranslatorOptions{800ms, 2, "live"}};
  LiveOutput out;
  EXPECT_TRUE(small.send(InputAudioAppend{"AA"}, out));
  EXPECT_TRUE(small.send(InputAudioAppend{"AA"}, out));
  EXPECT_FALSE(small.send(InputAudioAppend{"AA"}, out));
}

TEST_F(LiveTranslatorTest, DtmfIsThinkingAndNoResponseRequestSendsNothing) {
  start();
  LiveOutput out;
  t.add_text(ai::Speaker::kUser, "The caller pressed 5.", out);
  t.add_text(ai::Speaker::kAssistant, "Hello.", out);
  t.create_response(std::nullopt, out);
  ASSERT_EQ(out.sends.size(), 2u);
  EXPECT_EQ(out.sends[0], ClientEvent(ContextAppend{AppendKind::kThinking, std::nullopt,
                                                    "The caller pressed 5."}));
  EXPECT_EQ(out.sends[1],
            ClientEvent(ContextAppend{AppendKind::kThinking, std::nullopt, "You said: Hello."}));
}

TEST_F(LiveTranslatorTest, OutputAudioOpensASyntheticResponse) {
  start();
  LiveOutput a = on(OutputAudioDelta{"AAAA"});
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0], ai::AiEvent{ai::ResponseCreated{"live-1"}});
  EXPECT_EQ(a.events[1], ai::AiEvent(ai::AudioDelta{"live-1", "live-1", "AAAA"}));
  LiveOutput b = on(OutputAudioDelta{"BBBB"});
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0], ai::AiEvent(ai::AudioDelta{"live-1", "live-1", "BBBB"}));
}

TEST_F(LiveTranslatorTest, AgentTurnEndsAfterTheGapWithItsTranscript) {
  start();
  on(OutputAudioDelta{"AAAA"});
  LiveOutput f = transcript(Side::kOutput, "Hello, ");
  EXPECT_EQ(f.events.back(), ai::AiEvent(ai::TranscriptDelta{"live-1", "live-1", "Hello, "}));
  clock.advance(700ms);
  transcript(Side::kOutput, "how can I help?");
  clock.advance(799ms);
  EXPECT_TRUE(poll().events.empty());
  clock.advance(1ms);
  LiveOutput done = poll();
  ASSERT_EQ(done.events.size(), 3u);
  EXPECT_EQ(done.events[0],
            ai::AiEvent(ai::TranscriptDone{"live-1", "live-1", "Hello, how can I help?"}));
  EXPECT_EQ(done.events[1], ai::AiEvent(ai::AudioDone{"live-1", "live-1"}));
  EXPECT_EQ(done.events[2],
            ai::AiEvent(ai::ResponseDone{"live-1", ai::ResponseStatus::kCompleted, {}, {}}));
  LiveOutput next = on(OutputAudioDelta{"CCCC"});
  EXPECT_EQ(next.events[0], ai::AiEvent{ai::ResponseCreated{"live-2"}});
}

TEST_F(LiveTranslatorTest, SilenceWithoutTranscriptEndsAfterTheGapWithoutText) {
  start();
  on(OutputAudioDelta{"AAAA"});
  clock.advance(800ms);
  LiveOutput next = on(OutputAudioDelta{"BBBB"});
  ASSERT_EQ(next.events.size(), 4u);
  EXPECT_EQ(next.events[0], ai::AiEvent(ai::AudioDone{"live-1", "live-1"}));
  EXPECT_TRUE(std::holds_alternative<ai::ResponseDone>(next.events[1]));
  EXPECT_EQ(next.events[2], ai::AiEvent{ai::ResponseCreated{"live-2"}});
  EXPECT_EQ(next.events[3], ai::AiEvent(ai::AudioDelta{"live-2", "live-2", "BBBB"}));
}

// PROTOCOLS-LIVE 5: the stream carries silence between turns ("////" is
// mu-law 0xFF, digital zero). Silence never opens a response (else the core
// would see the agent speaking for ever and a hang-up would wait for its
// cap), but a pause inside the agent's turn is forwarded with it.
TEST_F(LiveTranslatorTest, SilenceBetweenTurnsOpensNoResponse) {
  start();
  LiveOutput before = on(OutputAudioDelta{"////"});
  ASSERT_EQ(before.events.size(), 1u);  // only a sign of life for the watchdog
  EXPECT_TRUE(std::holds_alternative<ai::Activity>(before.events[0]));
  LiveOutput speech = on(OutputAudioDelta{"AAAA"});
  ASSERT_EQ(speech.events.size(), 2u);
  EXPECT_EQ(speech.events[0], ai::AiEvent{ai::ResponseCreated{"live-1"}});
  LiveOutput pause = on(OutputAudioDelta{"////"});
  ASSERT_EQ(pause.events.size(), 1u);
  EXPECT_EQ(pause.events[0], ai::AiEvent(ai::AudioDelta{"live-1", "live-1", "////"}));
  clock.advance(800ms);
  LiveOutput after = on(OutputAudioDelta{"////"});
  ASSERT_EQ(after.events.size(), 3u);  // the turn ends; the silence opens nothing
  EXPECT_EQ(after.events[0], ai::AiEvent(ai::AudioDone{"live-1", "live-1"}));
  EXPECT_TRUE(std::holds_alternative<ai::ResponseDone>(after.events[1]));
  EXPECT_TRUE(std::holds_alternative<ai::Activity>(after.events[2]));
}

TEST_F(LiveTranslatorTest, ServerTimelineGapSplitsAgentTurns) {
  start();
  transcript(Side::kOutput, "One.", 1000, 1200);
  LiveOutput split = transcript(Side::kOutput, "Two.", 2000, 2200);
  ASSERT_GE(split.events.size(), 5u);
  EXPECT_EQ(split.events[0], ai::AiEvent(ai::TranscriptDone{"live-1", "live-1", "One."}));
  EXPECT_EQ(split.events[3], ai::AiEvent{ai::ResponseCreated{"live-2"}});
  EXPECT_EQ(split.events[4], ai::AiEvent(ai::TranscriptDelta{"live-2", "live-2", "Two."}));
}

TEST_F(LiveTranslatorTest, CallerFragmentsBecomeOneFinalTurn) {
  start();
  transcript(Side::kInput, "I need ", 100, 300);
  clock.advance(200ms);
  transcript(Side::kInput, "an appointment.", 300, 500);
  EXPECT_EQ(t.deadline(), clock.now() + 800ms);
  clock.advance(800ms);
  LiveOutput out = poll();
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0],
            ai::AiEvent(ai::InputTranscript{"live-in-1", "I need an appointment.", true}));
  clock.advance(100ms);
  transcript(Side::kInput, "Thanks.", 2000, 2100);
  clock.advance(800ms);
  EXPECT_EQ(poll().events[0], ai::AiEvent(ai::InputTranscript{"live-in-2", "Thanks.", true}));
}

TEST_F(LiveTranslatorTest, ToolBatchContinuesOnceWhenCompletedAndAllAnswered) {
  start();
  on(backend(BackendEvent::Kind::kCreated));
  LiveOutput c1 = on(backend(BackendEvent::Kind::kFunctionCall, "c1"));
  EXPECT_EQ(c1.events[0], ai::AiEvent(ai::FunctionCall{"c1", "end_call", "{}"}));
  EXPECT_TRUE(on(backend(BackendEvent::Kind::kFunctionCall, "c1")).sends.empty());  // repeat
  on(backend(BackendEvent::Kind::kFunctionCall, "c2"));
  LiveOutput out;
  t.function_output("c1", "ok", out);
  ASSERT_EQ(out.sends.size(), 1u);
  EXPECT_EQ(out.sends[0], ClientEvent(FunctionOutput{"c1", "ok"}));
  EXPECT_TRUE(on(backend(BackendEvent::Kind::kCompleted)).sends.empty());  // c2 owed
  LiveOutput last;
  t.function_output("c2", "done", last);
  ASSERT_EQ(last.sends.size(), 2u);
  EXPECT_EQ(last.sends[1], ClientEvent{ResponseCreate{}});
  LiveOutput again;
  t.function_output("c2", "done", again);  // answered already: nothing more
  EXPECT_TRUE(again.sends.empty());
}

TEST_F(LiveTranslatorTest, OutputsBeforeCompletionContinueOnCompleted) {
  start();
  on(backend(BackendEvent::Kind::kFunctionCall, "c1"));
  LiveOutput out;
  t.function_output("c1", "ok", out);
  EXPECT_EQ(out.sends.size(), 1u);
  EXPECT_EQ(on(backend(BackendEvent::Kind::kCompleted)).sends,
            std::vector<ClientEvent>{ResponseCreate{}});
}

TEST_F(LiveTranslatorTest, FailedBackendResponseDropsCallsAndCountsAsError) {
  start();
  on(backend(BackendEvent::Kind::kFunctionCall, "c1"));
  LiveOutput f = on(backend(BackendEvent::Kind::kFailed));
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0], ai::AiEvent(ai::Error{"response_failed", ""}));
  LiveOutput out;
  t.function_output("c1", "late", out);
  EXPECT_TRUE(out.sends.empty());
}

TEST_F(LiveTranslatorTest, ClientDelegationIsAlwaysAnswered) {
  start();
  LiveOutput out = on(DelegationCreated{"d1", "client"});
  ASSERT_EQ(out.sends.size(), 1u);
  const auto& a = std::get<ContextAppend>(out.sends[0]);
  EXPECT_EQ(a.kind, AppendKind::kCommentary);
  EXPECT_EQ(a.delegation_id, "d1");
  EXPECT_TRUE(on(DelegationCreated{"d2", "responses"}).sends.empty());
}

TEST_F(LiveTranslatorTest, ErrorsBeforeStartAndAccountCodesAreFatal) {
  LiveOutput early = on(Error{"invalid_request_error", "unknown_parameter", "bad", ""});
  ASSERT_TRUE(early.failure);
  EXPECT_TRUE(early.failure->fatal);
  EXPECT_TRUE(early.close_socket);

  LiveTranslator other{TranslatorOptions{}};
  LiveOutput o;
  other.on_event(SessionStarted{"s", 0, ""}, clock.now(), o);
  LiveOutput soft;
  other.on_event(Error{"invalid_request_error", "rate_limited", "slow", ""}, clock.now(), soft);
  EXPECT_FALSE(soft.failure);
  EXPECT_EQ(soft.events[0], ai::AiEvent(ai::Error{"rate_limited", "slow"}));
  LiveOutput quota;
  other.on_event(Error{"insufficient_quota", "insufficient_quota", "pay", ""}, clock.now(), quota);
  ASSERT_TRUE(quota.failure);
  EXPECT_TRUE(quota.failure->fatal);
  LiveOutput after;
  other.on_event(OutputAudioDelta{"AAAA"}, clock.now(), after);
  EXPECT_TRUE(after.events.empty());  // nothing after a failure
}

TEST_F(LiveTranslatorTest, SessionClosedReasons) {
  for (auto [reason, fatal] : {std::pair{"expired", false}, std::pair{"connection_lost", false},
                               std::pair{"content", true}}) {
    LiveTranslator tr{TranslatorOptions{}};
    LiveOutput o;
    tr.on_event(SessionStarted{"s", 0, ""}, clock.now(), o);
    tr.on_event(SessionClosed{reason, 1}, clock.now(), o);
    ASSERT_TRUE(o.failure) << reason;
    EXPECT_EQ(o.failure->fatal, fatal) << reason;
    EXPECT_TRUE(o.close_socket);
  }
}

TEST_F(LiveTranslatorTest, CloseSendsSessionCloseThenClosesOnSessionClosed) {
  start();
  LiveOutput c;
  t.close(c);
  EXPECT_EQ(c.sends, std::vector<ClientEvent>{SessionClose{}});
  EXPECT_FALSE(c.close_socket);
  EXPECT_FALSE(t.send(InputAudioAppend{"AA"}, c));
  EXPECT_TRUE(on(OutputAudioDelta{"AAAA"}).events.empty());
  LiveOutput closed = on(SessionClosed{"close_requested", 3});
  EXPECT_TRUE(closed.close_socket);
  EXPECT_FALSE(closed.failure);
}

TEST_F(LiveTranslatorTest, CloseBeforeStartClosesTheSocketAtOnce) {
  LiveOutput c;
  t.close(c);
  EXPECT_TRUE(c.sends.empty());
  EXPECT_TRUE(c.close_socket);
}

TEST_F(LiveTranslatorTest, UnknownTypesAreCountedNotFatal) {
  start();
  LiveOutput out = on(Unknown{"decision.event"});
  EXPECT_EQ(out.events, std::vector<ai::AiEvent>{ai::Unknown{"decision.event"}});
  EXPECT_FALSE(out.failure);
}

}  // namespace
}  // namespace voxgate::live
