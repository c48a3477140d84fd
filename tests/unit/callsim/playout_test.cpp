#include "callsim/playout.hpp"

#include <gtest/gtest.h>

namespace voxgate::callsim {
namespace {

using std::chrono::milliseconds;
const common::TimePoint kT0 = common::TimePoint{} + std::chrono::hours(1);

std::vector<uint8_t> audio_ms(int ms, uint8_t value = 0x55) {
  return std::vector<uint8_t>(size_t(ms) * 8, value);
}

// Queues audio "a" audio "b" at kT0, each audio `ms` long.
void queue_two_marked_clips(Playout& p, int ms, PlayoutOutput& out) {
  p.on_media(audio_ms(ms), kT0, out);
  p.on_mark("a", kT0, out);
  p.on_media(audio_ms(ms), kT0, out);
  p.on_mark("b", kT0, out);
}

TEST(PlayoutTest, MarkWithNothingQueuedIsEchoedAtOnce) {
  Playout p;
  PlayoutOutput out;
  p.on_mark("m1", kT0, out);
  EXPECT_EQ(out.marks, std::vector<std::string>{"m1"});
  EXPECT_EQ(p.marks_pending(), 0u);
}

TEST(PlayoutTest, MarkIsEchoedOnlyAfterPrecedingAudioHasPlayed) {
  Playout p;
  PlayoutOutput out;
  p.on_media(audio_ms(100), kT0, out);
  p.on_mark("after-100ms", kT0, out);
  EXPECT_TRUE(out.marks.empty());
  EXPECT_EQ(p.marks_pending(), 1u);

  p.advance(kT0 + milliseconds(99), out);
  EXPECT_TRUE(out.marks.empty());
  EXPECT_EQ(p.bytes_played(), 99u * 8);

  p.advance(kT0 + milliseconds(100), out);
  EXPECT_EQ(out.marks, std::vector<std::string>{"after-100ms"});
  EXPECT_EQ(p.bytes_played(), 800u);
  EXPECT_TRUE(p.idle());
}

TEST(PlayoutTest, AudioPlaysAtEightBytesPerMillisecondInOrder) {
  Playout p(/*keep_played=*/true);
  PlayoutOutput out;
  p.on_media(audio_ms(20, 1), kT0, out);
  p.on_media(audio_ms(20, 2), kT0 + milliseconds(5), out);  // queued behind the first
  p.advance(kT0 + milliseconds(30), out);
  ASSERT_EQ(out.played.size(), 240u);
  EXPECT_EQ(out.played[159], 1);
  EXPECT_EQ(out.played[160], 2);
  EXPECT_EQ(p.bytes_queued(), 80u);
}

TEST(PlayoutTest, PlaybackStartsWhenAudioArrivesAtAnIdlePlayer) {
  Playout p;
  PlayoutOutput out;
  p.on_media(audio_ms(20), kT0, out);
  p.advance(kT0 + milliseconds(500), out);  // long idle gap after 20 ms of audio
  p.on_media(audio_ms(20), kT0 + milliseconds(500), out);
  p.on_mark("m", kT0 + milliseconds(500), out);
  p.advance(kT0 + milliseconds(519), out);
  EXPECT_TRUE(out.marks.empty()) << "idle time must not count as playback";
  p.advance(kT0 + milliseconds(520), out);
  EXPECT_EQ(out.marks, std::vector<std::string>{"m"});
}

TEST(PlayoutTest, MarksBetweenAudioAreEchoedInOrderAsPlaybackReachesThem) {
  Playout p;
  PlayoutOutput out;
  queue_two_marked_clips(p, 20, out);
  p.advance(kT0 + milliseconds(20), out);
  EXPECT_EQ(out.marks, std::vector<std::string>{"a"});
  p.advance(kT0 + milliseconds(40), out);
  EXPECT_EQ(out.marks, (std::vector<std::string>{"a", "b"}));
}

TEST(PlayoutTest, ClearFlushesAudioAndEchoesEveryPendingMarkAtOnce) {
  Playout p;
  PlayoutOutput out;
  queue_two_marked_clips(p, 100, out);
  p.on_clear(kT0 + milliseconds(30), out);
  EXPECT_EQ(out.marks, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.bytes_played(), 240u);
  EXPECT_EQ(p.bytes_discarded(), 1600u - 240u);
  EXPECT_EQ(p.bytes_queued(), 0u);
  EXPECT_EQ(p.marks_pending(), 0u);
  EXPECT_TRUE(p.idle());
  // Nothing more plays after the clear.
  p.advance(kT0 + milliseconds(1000), out);
  EXPECT_EQ(p.bytes_played(), 240u);
}

TEST(PlayoutTest, MarkAfterClearWithNothingQueuedEchoesAtOnce) {
  Playout p;
  PlayoutOutput out;
  p.on_media(audio_ms(100), kT0, out);
  p.on_clear(kT0, out);
  p.on_mark("m", kT0 + milliseconds(1), out);
  EXPECT_EQ(out.marks, std::vector<std::string>{"m"});
}

TEST(PlayoutTest, PlayedBytesAreKeptOnlyWhenAsked) {
  Playout p(/*keep_played=*/false);
  PlayoutOutput out;
  p.on_media(audio_ms(20), kT0, out);
  p.advance(kT0 + milliseconds(20), out);
  EXPECT_TRUE(out.played.empty());
  EXPECT_EQ(p.bytes_played(), 160u);
}

TEST(PlayoutTest, LongestSilenceIsTheGapBetweenAudioRunningOutAndTheNext) {
  Playout p;
  PlayoutOutput out;
  p.on_media(audio_ms(100), kT0, out);                     // plays until kT0 + 100 ms
  p.on_media(audio_ms(20), kT0 + milliseconds(400), out);  // 300 ms of dead air
  p.on_media(audio_ms(20), kT0 + milliseconds(520), out);  // 100 ms
  EXPECT_EQ(p.longest_silence_ms(), 300);
}

TEST(PlayoutTest, SilenceBeforeTheFirstAudioAndAfterAClearIsNotCounted) {
  Playout p;
  PlayoutOutput out;
  p.on_media(audio_ms(100), kT0 + milliseconds(5000), out);  // first audio, late
  EXPECT_EQ(p.longest_silence_ms(), 0);
  p.on_clear(kT0 + milliseconds(5050), out);                // barge-in
  p.on_media(audio_ms(20), kT0 + milliseconds(9000), out);  // the caller was talking
  EXPECT_EQ(p.longest_silence_ms(), 0);
  p.on_media(audio_ms(20), kT0 + milliseconds(9520), out);  // 500 ms after it ran out
  EXPECT_EQ(p.longest_silence_ms(), 500);
}

}  // namespace
}  // namespace voxgate::callsim
