// Unit tests of the call core's components: registry, playback, transcript.
#include <gtest/gtest.h>

#include "call/byte_count.hpp"
#include "call/cancelled_responses.hpp"
#include "call/playback_tracker.hpp"
#include "call/transcript.hpp"
#include "fakes/call/recording_sink.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);

TEST(ByteCount, Base64DecodedSize) {
  EXPECT_EQ(base64_decoded_size(""), 0);
  EXPECT_EQ(base64_decoded_size("AAAA"), 3);
  EXPECT_EQ(base64_decoded_size("AAA="), 2);
  EXPECT_EQ(base64_decoded_size("AA=="), 1);
  EXPECT_EQ(base64_decoded_size(testing::b64_bytes(160)), 160);
  EXPECT_EQ(mulaw_bytes_to_ms(160), 20);
}

TEST(CancelledResponses, ContainsWhatWasInserted) {
  CancelledResponses reg;
  EXPECT_FALSE(reg.contains("r1"));
  reg.insert("r1", t0);
  EXPECT_TRUE(reg.contains("r1"));
  EXPECT_FALSE(reg.contains("r2"));
}

TEST(CancelledResponses, EvictsOldestAtCapacity) {
  CancelledResponses reg(3, Millis(60000));
  for (int i = 0; i < 4; ++i) reg.insert("r" + std::to_string(i), t0 + Millis(i));
  EXPECT_EQ(reg.size(), 3u);
  EXPECT_FALSE(reg.contains("r0"));
  EXPECT_TRUE(reg.contains("r1"));
  EXPECT_TRUE(reg.contains("r3"));
}

TEST(CancelledResponses, ReinsertRefreshesOrder) {
  CancelledResponses reg(2, Millis(60000));
  reg.insert("a", t0);
  reg.insert("b", t0 + Millis(1));
  reg.insert("a", t0 + Millis(2));  // a is now newest
  reg.insert("c", t0 + Millis(3));
  EXPECT_TRUE(reg.contains("a"));
  EXPECT_FALSE(reg.contains("b"));
}

TEST(CancelledResponses, PurgesByAgeOnPurgeAndInsert) {
  CancelledResponses reg(100, Millis(60000));
  reg.insert("old", t0);
  reg.insert("mid", t0 + Millis(30000));
  reg.purge(t0 + Millis(60000));  // exactly max age: kept
  EXPECT_TRUE(reg.contains("old"));
  reg.purge(t0 + Millis(60001));
  EXPECT_FALSE(reg.contains("old"));
  EXPECT_TRUE(reg.contains("mid"));
  reg.insert("new", t0 + Millis(90001));  // purge on insert
  EXPECT_FALSE(reg.contains("mid"));
  EXPECT_EQ(reg.size(), 1u);
}

TEST(PlaybackTracker, MarksAtIntervalAndItemEnd) {
  PlaybackTracker p(Millis(100));
  EXPECT_FALSE(p.ai_audio_playing());
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(p.on_sent(t0, "i1", 160));  // 80 ms
  auto m = p.on_sent(t0, "i1", 160);                                   // 100 ms
  ASSERT_TRUE(m);
  EXPECT_FALSE(p.on_sent(t0, "i1", 160));
  EXPECT_TRUE(p.ai_audio_playing());
  auto end = p.on_item_end(t0);
  ASSERT_TRUE(end);
  EXPECT_FALSE(p.on_item_end(t0));  // nothing unmarked
  EXPECT_FALSE(p.on_mark_echo(*m, t0 + Millis(100)).item_final);
  EXPECT_TRUE(p.ai_audio_playing());
  auto echo = p.on_mark_echo(*end, t0 + Millis(120));
  EXPECT_TRUE(echo.counted);
  EXPECT_TRUE(echo.item_final);
  EXPECT_EQ(echo.item_id, "i1");
  EXPECT_FALSE(p.ai_audio_playing());
}

TEST(PlaybackTracker, HeardEstimatesRealTimeCappedAtSent) {
  PlaybackTracker p(Millis(100));
  auto m1 = p.on_sent(t0, "i1", 800);  // 100 ms, mark
  auto m2 = p.on_sent(t0, "i1", 800);  // 200 ms, mark
  p.on_sent(t0, "i1", 800);            // 300 ms, mark
  EXPECT_EQ(p.heard_ms("i1", t0), 0);
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(50)), 50);
  // Echo of the second mark late: position re-anchors at 200 ms.
  p.on_mark_echo(*m2, t0 + Millis(260));
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(260)), 200);
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(290)), 230);
  // Never beyond the audio sent (PROTOCOLS: truncate beyond is an error).
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(10000)), 300);
  EXPECT_EQ(p.sent_ms("i1"), 300);
  (void)m1;
}

TEST(PlaybackTracker, SecondItemHeardStartsAfterFirst) {
  PlaybackTracker p(Millis(100));
  p.on_sent(t0, "i1", 800);
  p.on_item_end(t0);
  p.on_sent(t0, "i2", 1600);
  EXPECT_EQ(p.heard_ms("i2", t0 + Millis(150)), 50);
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(150)), 100);
}

TEST(PlaybackTracker, DiscardedMarksAfterClearDoNotCountAsHeard) {
  PlaybackTracker p(Millis(100));
  auto a1 = p.on_sent(t0, "a", 800);
  auto a2 = p.on_sent(t0, "a", 800);
  ASSERT_TRUE(a1 && a2);
  p.on_clear(t0 + Millis(10));
  EXPECT_FALSE(p.ai_audio_playing());
  EXPECT_EQ(p.last_item(), "");
  // New audio after the clear, then the discarded echoes arrive.
  auto b1 = p.on_sent(t0 + Millis(20), "b", 800);
  EXPECT_FALSE(p.on_mark_echo(*a1, t0 + Millis(21)).counted);
  EXPECT_FALSE(p.on_mark_echo(*a2, t0 + Millis(21)).counted);
  // b is still playing: its mark has not echoed.
  EXPECT_TRUE(p.ai_audio_playing());
  EXPECT_EQ(p.heard_ms("b", t0 + Millis(21)), 1);
  EXPECT_TRUE(p.on_mark_echo(*b1, t0 + Millis(120)).counted);
  EXPECT_FALSE(p.ai_audio_playing());
}

TEST(PlaybackTracker, UnknownMarkIsNotCounted) {
  PlaybackTracker p;
  EXPECT_FALSE(p.on_mark_echo("nope", t0).counted);
}

TEST(Transcript, CutAtWordBoundary) {
  EXPECT_EQ(Transcript::cut_text("hello there my friend", 600, 1000), "hello there");
  EXPECT_EQ(Transcript::cut_text("hello there", 0, 1000), "");
  EXPECT_EQ(Transcript::cut_text("hello there", 1000, 1000), "hello there");
}

TEST(Transcript, AgentTurnFinalWhenAudioOverOrCut) {
  Transcript t;
  EXPECT_FALSE(t.on_agent_text("i1", "hello there my friend"));
  auto turn = t.on_agent_cut("i1", 600, 1000);
  ASSERT_TRUE(turn);
  EXPECT_TRUE(turn->interrupted);
  EXPECT_EQ(turn->text, "hello there");
  EXPECT_FALSE(t.on_agent_audio_over("i2"));
  auto t2 = t.on_agent_text("i2", "bye");
  ASSERT_TRUE(t2);
  EXPECT_FALSE(t2->interrupted);
  EXPECT_EQ(t.turns().size(), 2u);
}

}  // namespace
}  // namespace voxgate::call
