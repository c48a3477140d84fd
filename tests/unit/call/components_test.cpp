// Unit tests of the call core's components: registry, playback, transcript.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "call/ai_error_codes.hpp"
#include "call/backoff.hpp"
#include "call/byte_count.hpp"
#include "call/cancelled_responses.hpp"
#include "call/dtmf_gate.hpp"
#include "call/early_audio_buffer.hpp"
#include "call/playback_tracker.hpp"
#include "call/record_budget.hpp"
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

// A 24 kHz PCM call: 48 bytes per ms, so marks, heard and sent time are
// counted in its bytes, not mu-law's.
TEST(PlaybackTracker, AWideBandCallCountsTimeInItsOwnBytes) {
  PlaybackTracker p(Millis(100));
  p.set_bytes_per_ms(48);
  EXPECT_FALSE(p.on_sent(t0, "i1", 2400));  // 50 ms
  EXPECT_TRUE(p.on_sent(t0, "i1", 2400));   // 100 ms: a mark
  p.on_sent(t0, "i1", 4800);                // 200 ms
  EXPECT_EQ(p.sent_ms("i1"), 200);
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(50)), 50);
  EXPECT_EQ(p.queued_ms(t0 + Millis(50)), 150);
  EXPECT_EQ(p.heard_ms("i1", t0 + Millis(10000)), 200);
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

TEST(AiErrorCodes, OneClassificationForErrorEventsAndFailedResponses) {
  for (const char* c : {"invalid_api_key", "insufficient_quota", "account_deactivated",
                        "billing_hard_limit_reached"}) {
    EXPECT_TRUE(is_fatal_ai_error(c)) << c;
    EXPECT_FALSE(is_ignorable_ai_error(c)) << c;
  }
  for (const char* c : {"response_cancel_not_active", "input_audio_buffer_commit_empty"}) {
    EXPECT_TRUE(is_ignorable_ai_error(c)) << c;
  }
  EXPECT_EQ(classify_ai_error("conversation_already_has_active_response"),
            AiErrorKind::kCreateRace);
  for (const char* c : {"rate_limit_exceeded", "server_error", "invalid_value", ""}) {
    EXPECT_EQ(classify_ai_error(c), AiErrorKind::kCounted) << c;
  }
}

TEST(Backoff, EqualJitterWithinHalfToFullOfTheCappedExponential) {
  SplitMix64 rng(42);
  for (int n = 1; n <= 12; ++n) {
    const int64_t d = std::min<int64_t>(4000, int64_t{500} << (n - 1));
    for (int k = 0; k < 200; ++k) {
      const auto w = backoff_delay(Millis(500), Millis(4000), n, rng).count();
      EXPECT_GE(w, d / 2);
      EXPECT_LE(w, d);
    }
  }
  SplitMix64 a(7), b(7);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(a.next(), b.next());
}

TEST(DtmfGate, ValidDigitsOnly) {
  for (const char* d : {"0", "9", "*", "#", "A", "B", "C", "D"}) EXPECT_TRUE(DtmfGate::valid(d));
  for (const char* d : {"a", "E", "", "11", "-", "#1"}) EXPECT_FALSE(DtmfGate::valid(d));
}

TEST(DtmfGate, OneTextPerIntervalGathered) {
  DtmfGate g(Millis(1000), 3);
  EXPECT_TRUE(g.press('1'));
  EXPECT_EQ(g.take_due(t0), "The caller pressed 1");
  g.press('2');
  g.press('3');
  g.press('4');
  EXPECT_FALSE(g.press('5'));
  EXPECT_EQ(g.take_due(t0 + Millis(999)), std::nullopt);
  EXPECT_EQ(g.take_due(t0 + Millis(1000)), "The caller pressed 2 3 4");
  EXPECT_EQ(g.take_due(t0 + Millis(5000)), std::nullopt);
}

TEST(RecordBudget, CapsEventsTurnsAndDtmfButNeverTheEnd) {
  RecordBudget b({3, 1, 1});
  using K = CallEvent::Kind;
  using V = RecordBudget::Verdict;
  EXPECT_EQ(b.admit(K::kTranscriptTurn), V::kRecord);
  EXPECT_EQ(b.admit(K::kTranscriptTurn), V::kDroppedTurn);
  EXPECT_EQ(b.admit(K::kDtmf), V::kRecord);
  EXPECT_EQ(b.admit(K::kDtmf), V::kDroppedEvent);
  EXPECT_EQ(b.admit(K::kBargeIn), V::kRecord);
  EXPECT_EQ(b.admit(K::kBargeIn), V::kDroppedEvent);
  EXPECT_EQ(b.admit(K::kCallEnded), V::kRecord);
}

TEST(EarlyAudioBuffer, BoundedInFramesAndBytes) {
  EarlyAudioBuffer buf(3, 12);
  EXPECT_EQ(buf.push("aaaa"), 0u);
  EXPECT_EQ(buf.push("bbbb"), 0u);
  EXPECT_EQ(buf.push("cccc"), 0u);
  EXPECT_EQ(buf.push("dd"), 1u);             // frames: drops aaaa
  EXPECT_EQ(buf.push("eeeeeeee"), 2u);       // bytes: drops bbbb, cccc
  EXPECT_EQ(buf.push("fffffffffffff"), 1u);  // larger than the bound: itself
  EXPECT_EQ(buf.bytes(), 10u);
  std::vector<std::string> out;
  buf.flush([&](std::string_view f) { out.emplace_back(f); });
  EXPECT_EQ(out, (std::vector<std::string>{"dd", "eeeeeeee"}));
  EXPECT_EQ(buf.bytes(), 0u);
}

}  // namespace
}  // namespace voxgate::call
