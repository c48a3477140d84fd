// BEHAVIOUR 5 "a call never goes silent": after the AI leg is re-established,
// a response the AI owed the caller at the failure (one in progress, an
// unfinished greeting, the caller's committed turn, a deferred create) is
// asked for again at once, without waiting for the caller to speak; between
// turns nothing is asked for. Explicit time, recording sink.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;

class CallSessionReconnectTest : public testing::SessionFixture {
 protected:
  // The failed leg comes back: dialled at `ms`, configured 10 ms later.
  // Returns what the session did once the new leg was ready.
  Strings reconnect_at(int ms) {
    s->on_ai_connected(at(ms));
    std::size_t m = mark();
    s->on_ai_session_updated(at(ms + 10));
    return sink.since(m);
  }
};

TEST_F(CallSessionReconnectTest, MidResponseFailureAsksForTheResponseAgainWithoutCallerSpeech) {
  make_ready();
  s->on_ai_speech_started(at(0), "u1");
  s->on_ai_speech_stopped(at(600));  // no input transcript arrived yet
  play("r1", "i1", 400, 900);        // created, audio under way, not done
  s->on_ai_leg_failed(at(1000), "socket closed", false);
  // The holding prompt is cut, then the AI answers again; no caller speech.
  EXPECT_EQ(reconnect_at(1200), (Strings{"clear", "create"}));
  s->on_ai_response_created(at(1500), "r2");
  s->on_ai_audio_delta(at(1600), "r2", "i2", testing::b64_ms(20));
  EXPECT_EQ(sink.actions.back(), "media");  // heard 600 ms after the redial
}

TEST_F(CallSessionReconnectTest, ASayCutOffByTheFailureIsSaidAfterTheReconnect) {
  make_ready();
  ASSERT_TRUE(s->on_say(at(0), "Your order shipped"));
  const std::string create =
      "create:Say exactly this to the caller, then continue the conversation: Your order shipped";
  ASSERT_EQ(sink.actions.back(), create);
  play("r1", "i1", 200, 100);
  s->on_ai_leg_failed(at(200), "closed", false);
  EXPECT_EQ(reconnect_at(400), (Strings{"clear", create}));
}

TEST_F(CallSessionReconnectTest, AGreetingCutOffIsRequestedAgainAsAnOrdinaryResponse) {
  cfg.greeting.instructions = "Greet the caller";
  make_ready();
  play("g1", "gi", 400, 0);  // greeting playing, its audio not complete
  ASSERT_TRUE(s->greeting_active());
  s->on_ai_leg_failed(at(200), "closed", false);
  EXPECT_EQ(reconnect_at(400), (Strings{"clear", "create:Greet the caller"}));
  // BEHAVIOUR 1: the greeting state ended on the failure and stays over.
  EXPECT_FALSE(s->greeting_active());
  EXPECT_EQ(s->greeting_state(), Greeting::State::kOver);
}

TEST_F(CallSessionReconnectTest, AGreetingRequestedButNeverCreatedIsRequestedAgain) {
  cfg.greeting.instructions = "Greet the caller";
  make_ready();
  s->on_tick(at(2900));
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
  s->on_tick(at(3000));  // watchdog: the greeting's response never came
  ASSERT_EQ(s->ai_leg(), CallSession::AiLeg::kReconnecting);
  EXPECT_EQ(reconnect_at(3100), (Strings{"clear", "create:Greet the caller"}));
}

TEST_F(CallSessionReconnectTest, TheCallersCommittedTurnIsAnsweredAfterTheReconnect) {
  make_ready();
  s->on_ai_speech_started(at(0), "u1");
  s->on_ai_speech_stopped(at(500));  // server VAD committed: a response is owed
  s->on_tick(at(3500));              // none came: watchdog
  ASSERT_EQ(s->ai_leg(), CallSession::AiLeg::kReconnecting);
  EXPECT_EQ(reconnect_at(3600), (Strings{"clear", "create"}));
}

TEST_F(CallSessionReconnectTest, BetweenTurnsNothingIsOwedAndNothingIsRequested) {
  make_ready();
  s->on_ai_input_transcript(at(0), "u0", "hello");
  play("r1", "i1", 100, 100);
  s->on_ai_audio_done(at(100), "r1", "i1");
  s->on_ai_transcript_done(at(100), "r1", "i1", "Hi there");
  s->on_ai_response_done(at(100), "r1", ResponseStatus::kCompleted);
  s->on_caller_mark(at(200), last_mark_name());
  s->on_ai_leg_failed(at(5000), "closed", false);
  EXPECT_EQ(reconnect_at(5200), (Strings{"item:user:hello", "item:assistant:Hi there", "clear"}));
  s->on_tick(at(9000));  // and the watchdog has nothing to wait for
  EXPECT_EQ(s->ai_leg(), CallSession::AiLeg::kReady);
  EXPECT_FALSE(sink.has("create"));
}

TEST_F(CallSessionReconnectTest, AResponseWhoseAudioWasCompleteOwesNothingWhileItPlaysOut) {
  make_ready();
  play("r1", "i1", 1000, 0);
  s->on_ai_audio_done(at(50), "r1", "i1");  // all of it received, still playing
  s->on_ai_leg_failed(at(100), "closed", false);
  EXPECT_EQ(reconnect_at(300), (Strings{"clear"}));
}

}  // namespace
}  // namespace voxgate::call
