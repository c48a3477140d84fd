// TurnTiming alone: the barge-in candidate, turn latency and first audio,
// each reported once (BEHAVIOUR 3, 6). Explicit time.
#include "call/turn_timing.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

using common::Millis;
const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
common::TimePoint at(int ms) {
  return t0 + Millis(ms);
}

TEST(TurnTiming, BargeInIsDueAfterTheMinimumSpeechFromTheFirstStart) {
  TurnTiming t;
  EXPECT_FALSE(t.barge_in_due(at(0), Millis(0)));  // no speech
  t.on_speech_started(at(100));
  t.on_speech_started(at(200));  // a second start keeps the first
  EXPECT_FALSE(t.barge_in_due(at(299), Millis(200)));
  EXPECT_TRUE(t.barge_in_due(at(300), Millis(200)));
  EXPECT_EQ(t.take_speech_start(at(300)), at(100));
  EXPECT_FALSE(t.barge_in_due(at(900), Millis(200)));  // taken
  EXPECT_EQ(t.take_speech_start(at(950)), at(950));
}

TEST(TurnTiming, SpeechThatStopsEarlyNeverBargesIn) {
  TurnTiming t;
  t.on_speech_started(at(100));
  t.on_speech_stopped(at(250));
  EXPECT_FALSE(t.barge_in_due(at(1000), Millis(200)));
}

TEST(TurnTiming, TurnLatencyFromSpeechStoppedOncePerTurn) {
  TurnTiming t;
  EXPECT_FALSE(t.turn_latency(at(0)).has_value());
  t.on_speech_stopped(at(1000));
  EXPECT_DOUBLE_EQ(t.turn_latency(at(1750)).value_or(-1), 0.75);
  EXPECT_FALSE(t.turn_latency(at(1800)).has_value());
  t.on_speech_stopped(at(2000));
  t.on_speech_started(at(2100));  // the caller went on: no turn ended yet
  EXPECT_FALSE(t.turn_latency(at(2200)).has_value());
  t.on_speech_stopped(at(3000));
  t.reset();  // the AI leg failed
  EXPECT_FALSE(t.turn_latency(at(3500)).has_value());
}

TEST(TurnTiming, FirstAudioOncePerCall) {
  TurnTiming t;
  EXPECT_DOUBLE_EQ(t.first_audio(at(1500), t0).value_or(-1), 1.5);
  EXPECT_FALSE(t.first_audio(at(2000), t0).has_value());
  t.reset();
  EXPECT_FALSE(t.first_audio(at(3000), t0).has_value());
}

}  // namespace
}  // namespace voxgate::call
