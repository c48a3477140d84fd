// Server shutdown (SIGTERM drains, README "Running it for real"): a call
// still live when the shutdown grace ends hears the
// fallback clip, then ends (reason shutdown); an operator hang-up ends at once.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;
using testing::b64_ms;

class CallSessionShutdownTest : public testing::SessionFixture {};

TEST_F(CallSessionShutdownTest, PlaysFallbackClipThenEndsOnItsMark) {
  make_ready();
  const std::size_t m = sink.actions.size();
  s->on_shutdown(at(100));
  EXPECT_EQ(sink.since(m), (Strings{"close", "clip:fallback:clip1"}));
  EXPECT_FALSE(s->ended());
  s->on_caller_media(at(120), "late", 0);  // nothing goes to the AI any more
  s->on_ai_audio_delta(at(130), "r9", "i9", b64_ms(20));
  EXPECT_EQ(sink.since(m).size(), 2u);
  s->on_caller_mark(at(5000), "clip1");
  EXPECT_EQ(sink.actions.back(), "end:shutdown");
  EXPECT_EQ(s->end_reason(), EndReason::kShutdown);
  EXPECT_EQ(sink.count_prefix("close"), 1);
}

TEST_F(CallSessionShutdownTest, EndsAfterTheBoundedWaitWhenTheMarkNeverEchoes) {
  cfg.shutdown_clip_max_wait = Millis(3000);
  make_ready();
  s->on_shutdown(at(0));
  s->on_tick(at(2999));
  EXPECT_FALSE(s->ended());
  s->on_tick(at(3000));
  EXPECT_EQ(s->end_reason(), EndReason::kShutdown);
}

TEST_F(CallSessionShutdownTest, QueuedAgentAudioIsClearedAndItsTurnCutWhereHeard) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  for (int k = 0; k < 50; ++k) s->on_ai_audio_delta(at(0), "r1", "i1", b64_ms(20));
  s->on_ai_transcript_done(at(0), "r1", "i1", "one two three four five six seven eight");
  const std::size_t m = sink.actions.size();
  s->on_shutdown(at(400));
  EXPECT_EQ(sink.since(m), (Strings{"close", "clear", "clip:fallback:clip1"}));
  s->on_caller_mark(at(6000), "clip1");
  bool cut = false;
  for (const auto& e : sink.events) {
    if (e.kind == CallEvent::Kind::kTranscriptTurn && e.role == Role::kAssistant) {
      cut = e.interrupted;
    }
  }
  EXPECT_TRUE(cut);
}

TEST_F(CallSessionShutdownTest, WithoutAStreamItEndsAtOnce) {
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_shutdown(at(10));
  EXPECT_FALSE(sink.has("clip:fallback:clip1"));
  EXPECT_EQ(s->end_reason(), EndReason::kShutdown);
}

TEST_F(CallSessionShutdownTest, AnEndAlreadyPendingIsNotLaterThanTheShutdownWait) {
  cfg.shutdown_clip_max_wait = Millis(2000);
  make_ready();
  s->on_ai_leg_failed(at(0), "gone", true);  // fallback clip, 15 s deadline
  ASSERT_FALSE(s->ended());
  const std::size_t m = sink.actions.size();
  s->on_shutdown(at(100));
  EXPECT_TRUE(sink.since(m).empty());  // the clip already playing is not repeated
  s->on_tick(at(2100));
  EXPECT_EQ(s->end_reason(), EndReason::kAiFailure);
}

TEST_F(CallSessionShutdownTest, OperatorHangUpEndsAtOnceWithoutAClip) {
  make_ready();
  s->on_hangup_requested(at(50));
  EXPECT_FALSE(sink.has("clip:fallback:clip1"));
  EXPECT_EQ(sink.actions.back(), "end:operator_hangup");
}

}  // namespace
}  // namespace voxgate::call
