// The live list's one word for what a call is doing (call/call_phase.hpp),
// read from a session driven through its states with explicit time.
#include "call/call_phase.hpp"

#include <gtest/gtest.h>

#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

class CallPhaseTest : public testing::SessionFixture {
 protected:
  std::string_view phase() const { return to_string(call_phase(*s)); }
};

TEST_F(CallPhaseTest, ConnectingUntilTheAiLegIsReadyThenListening) {
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  EXPECT_EQ(phase(), "connecting");
  s->on_ai_connected(at(10));
  EXPECT_EQ(phase(), "connecting");
  s->on_ai_session_updated(at(20));
  EXPECT_EQ(phase(), "listening");
}

TEST_F(CallPhaseTest, GreetingWhileItIsRequestedAndPlaysThenListening) {
  cfg.greeting.instructions = "Greet the caller";
  make_ready();
  EXPECT_EQ(phase(), "greeting");
  play("g1", "gi", 200, 0);
  EXPECT_EQ(phase(), "greeting");
  s->on_ai_audio_done(at(10), "g1", "gi");
  s->on_ai_response_done(at(10), "g1", ResponseStatus::kCompleted);
  s->on_caller_mark(at(300), last_mark_name());
  EXPECT_EQ(phase(), "listening");
}

TEST_F(CallPhaseTest, AiSpeakingWhileItsAudioPlaysAndListeningAfterItsLastMark) {
  make_ready();
  play("r1", "i1", 200, 0);
  EXPECT_EQ(phase(), "ai_speaking");
  s->on_ai_audio_done(at(10), "r1", "i1");
  s->on_ai_response_done(at(10), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(phase(), "ai_speaking");  // queued audio still plays
  s->on_caller_mark(at(300), last_mark_name());
  EXPECT_EQ(phase(), "listening");
}

TEST_F(CallPhaseTest, ReconnectingFromTheFailureUntilTheNewLegIsReady) {
  make_ready();
  s->on_ai_leg_failed(at(100), "socket closed", false);
  EXPECT_EQ(phase(), "reconnecting");
  s->on_ai_connected(at(300));
  EXPECT_EQ(phase(), "reconnecting");  // configuring the new leg: still restoring
  s->on_ai_session_updated(at(310));
  EXPECT_NE(phase(), "reconnecting");
}

TEST_F(CallPhaseTest, TransferringOnceATransferIsAcceptedAndEndingOnAHangUp) {
  make_ready();
  ASSERT_TRUE(s->on_transfer(at(10), "", "+15550100"));
  EXPECT_EQ(phase(), "transferring");
  make_ready();
  s->on_hangup_requested(at(10));
  EXPECT_EQ(phase(), "ending");
  s->on_caller_stop(at(20));
  EXPECT_TRUE(s->ended());
  EXPECT_EQ(phase(), "ending");
}

}  // namespace
}  // namespace voxgate::call
