// Caller-side rules of the call core: admission before start (BEHAVIOUR 0),
// DTMF validation and rate limit, bounded buffers and records (BEHAVIOUR 5),
// and the one finish path for every end (BEHAVIOUR 4, 5). Explicit time.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;
using testing::b64_ms;

class CallSessionInputTest : public testing::SessionFixture {
 protected:
  int events(CallEvent::Kind k) const {
    int n = 0;
    for (const auto& e : sink.events) n += e.kind == k;
    return n;
  }
  // AI leg ready, caller not started yet.
  void make_ai_ready() {
    s = std::make_unique<CallSession>(cfg, sink, t0);
    s->start(t0);
    s->on_ai_connected(t0);
    s->on_ai_session_updated(t0);
  }
};

TEST_F(CallSessionInputTest, MediaDtmfAndMarksBeforeStartAreCountedRejections) {
  make_ai_ready();
  std::size_t m = mark();
  std::size_t ev = sink.events.size();
  s->on_caller_media(at(0), "early", 0);
  s->on_caller_dtmf(at(10), "5");
  s->on_caller_mark(at(20), "m1");
  s->on_tick(at(2000));
  EXPECT_TRUE(sink.since(m).empty());  // not forwarded, not buffered
  EXPECT_EQ(sink.events.size(), ev);   // not recorded
  EXPECT_EQ(s->early_audio_frames(), 0u);
  EXPECT_EQ(s->stats().rejected_before_start, 3u);
  EXPECT_EQ(s->stats().caller_frames_in, 0u);
  s->on_caller_start(at(30), CallerStart{"MZ1", "CA1", {}});
  s->on_caller_media(at(40), "f1", 0);
  EXPECT_EQ(sink.actions.back(), "append:f1");
}

TEST_F(CallSessionInputTest, DigitsOutside0To9StarHashAToDAreRejected) {
  make_ready();
  std::size_t m = mark();
  std::size_t ev = sink.events.size();
  for (const char* d : {"x", "a", "d", "12", "", "E", " "}) s->on_caller_dtmf(at(0), d);
  EXPECT_TRUE(sink.since(m).empty());
  EXPECT_EQ(sink.events.size(), ev);
  EXPECT_EQ(s->stats().rejected_dtmf, 7u);
  s->on_caller_dtmf(at(10), "D");
  EXPECT_EQ(sink.since(m), (Strings{"item:user:The caller pressed D", "create"}));
}

TEST_F(CallSessionInputTest, DtmfResponsesAtMostOnePerIntervalDigitsGathered) {
  make_ready();  // dtmf_response_min_interval: 1000 ms
  s->on_caller_dtmf(at(0), "1");
  s->on_ai_response_created(at(50), "r1");
  s->on_ai_response_done(at(60), "r1", ResponseStatus::kCompleted);
  std::size_t m = mark();
  s->on_caller_dtmf(at(100), "2");
  s->on_caller_dtmf(at(200), "#");
  s->on_tick(at(999));
  EXPECT_TRUE(sink.since(m).empty());
  EXPECT_EQ(s->dtmf_gathered(), 2u);
  s->on_tick(at(1000));
  EXPECT_EQ(sink.since(m), (Strings{"item:user:The caller pressed 2 #", "create"}));
  EXPECT_EQ(events(CallEvent::Kind::kDtmf), 3);  // each press is recorded
}

TEST_F(CallSessionInputTest, GatheredDigitsAreBounded) {
  cfg.dtmf_max_gathered = 4;
  make_ready();
  s->on_caller_dtmf(at(0), "0");  // sent at once
  for (int k = 1; k <= 10; ++k) s->on_caller_dtmf(at(k), "9");
  EXPECT_EQ(s->dtmf_gathered(), 4u);
  EXPECT_EQ(s->stats().dropped_dtmf, 6u);
  s->on_tick(at(1000));
  EXPECT_TRUE(sink.has("item:user:The caller pressed 9 9 9 9"));
}

TEST_F(CallSessionInputTest, DtmfBeforeTheAiLegIsReadyIsSentOnceItIs) {
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  s->on_caller_dtmf(at(10), "7");
  EXPECT_FALSE(sink.has("item:user:The caller pressed 7"));
  s->on_ai_connected(at(100));
  s->on_ai_session_updated(at(200));
  s->on_tick(at(300));
  EXPECT_TRUE(sink.has("item:user:The caller pressed 7"));
}

TEST_F(CallSessionInputTest, DtmfEventsCappedPerCall) {
  cfg.record_max_dtmf = 3;
  make_ready();
  for (int k = 0; k < 5; ++k) s->on_caller_dtmf(at(k * 2000), "1");
  EXPECT_EQ(events(CallEvent::Kind::kDtmf), 3);
  EXPECT_EQ(s->stats().dropped_record_events, 2u);
  EXPECT_EQ(sink.count_prefix("item:user:"), 5);  // the AI still hears every one
}

TEST_F(CallSessionInputTest, RecordEventsCappedButCallEndedAlwaysRecorded) {
  cfg.record_max_events = 3;
  make_ready();                                                      // caller_started: 1
  for (int k = 0; k < 5; ++k) s->on_caller_dtmf(at(k * 2000), "1");  // 2 recorded, 3 dropped
  s->on_caller_stop(at(20000));
  EXPECT_EQ(sink.events.size(), 4u);
  EXPECT_EQ(sink.events.back().kind, CallEvent::Kind::kCallEnded);
  EXPECT_EQ(s->stats().dropped_record_events, 3u);
}

TEST_F(CallSessionInputTest, TranscriptTurnsCappedPerCall) {
  cfg.record_max_turns = 2;
  make_ready();
  for (std::string id : {"u1", "u2", "u3"}) s->on_ai_input_transcript(at(0), id, "hi " + id);
  EXPECT_EQ(events(CallEvent::Kind::kTranscriptTurn), 2);
  EXPECT_EQ(s->stats().dropped_turns, 1u);
}

TEST_F(CallSessionInputTest, EarlyAudioBoundedInBytes) {
  cfg.early_audio_max_bytes = 10;
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  for (std::string p : {"aaaa", "bbbb", "cccc"}) s->on_caller_media(t0, p, 0);
  EXPECT_EQ(s->early_audio_frames(), 2u);  // 8 of 10 bytes
  EXPECT_EQ(s->early_audio_bytes(), 8u);
  s->on_caller_media(t0, "a-frame-over-the-bound", 0);  // dropped itself
  EXPECT_EQ(s->stats().dropped_overflow, 2u);
  s->on_ai_connected(at(10));
  std::size_t m = mark();
  s->on_ai_session_updated(at(10));
  EXPECT_EQ(sink.since(m), (Strings{"append:bbbb", "append:cccc"}));
}

// Records and actions in one sequence, to check what comes before end_call.
class OrderSink : public testing::RecordingSink {
 public:
  void record(const CallEvent& e) override {
    RecordingSink::record(e);
    actions.push_back("record:" + std::string(to_string(e.kind)));
  }
};

enum class EndPath { kStop, kClosed, kStalled, kShellError };

class FinishPathTest : public ::testing::TestWithParam<EndPath> {};

TEST_P(FinishPathTest, PendingTurnsAndCallEndedRecordedBeforeOneEndCall) {
  const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
  SessionConfig cfg;
  OrderSink sink;
  CallSession s(cfg, sink, t0);
  s.start(t0);
  s.on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  s.on_ai_connected(t0);
  s.on_ai_session_updated(t0);
  s.on_ai_response_created(t0, "r1");
  s.on_ai_audio_delta(t0, "r1", "i1", b64_ms(20));
  s.on_ai_transcript_done(t0, "r1", "i1", "Hello there");  // final once heard: pending
  ASSERT_FALSE(sink.has("record:transcript_turn"));
  const common::TimePoint t = t0 + Millis(10);
  EndReason want = EndReason::kCallerHangup;
  switch (GetParam()) {
    case EndPath::kStop:
      s.on_caller_stop(t);
      break;
    case EndPath::kClosed:
      s.on_caller_closed(t);
      break;
    case EndPath::kStalled:
      s.on_caller_stalled(t);
      want = EndReason::kCallerStalled;
      break;
    case EndPath::kShellError:
      s.on_shell_error(t, "ai event");
      want = EndReason::kInternalError;
      break;
  }
  const std::string end = "end:" + std::string(to_string(want));
  const Strings tail = sink.since(sink.actions.size() - 4);
  EXPECT_EQ(tail, (Strings{"record:transcript_turn", "record:call_ended", "close", end}));
  EXPECT_EQ(s.end_reason(), want);
  s.on_shell_error(t + Millis(1), "again");
  s.on_caller_stalled(t + Millis(2));
  EXPECT_EQ(sink.count_prefix("end:"), 1);
  if (GetParam() == EndPath::kShellError) {
    EXPECT_TRUE(sink.has("record:shell_error"));
    EXPECT_EQ(to_string(EndReason::kInternalError), "internal_error");
  }
}

INSTANTIATE_TEST_SUITE_P(EveryEnd, FinishPathTest,
                         ::testing::Values(EndPath::kStop, EndPath::kClosed, EndPath::kStalled,
                                           EndPath::kShellError));

}  // namespace
}  // namespace voxgate::call
