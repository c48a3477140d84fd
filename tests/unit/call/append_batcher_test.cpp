// AppendBatcher (fewer messages per call-second, bench/README.md) and its use by CallSession:
// caller frames gathered into fewer input_audio_buffer.append messages, every byte in order.
#include "call/append_batcher.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "audio/base64.hpp"
#include "call/call_session.hpp"
#include "fakes/call/recording_sink.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;

// A 20 ms mu-law frame (160 bytes) filled with `byte`, as base64.
std::string frame(uint8_t byte) {
  return audio::base64_encode(std::vector<uint8_t>(160, byte));
}
std::vector<uint8_t> decoded(std::string_view b64) {
  std::vector<uint8_t> out;
  EXPECT_TRUE(audio::base64_decode(b64, out));
  return out;
}

class AppendBatcherTest : public ::testing::Test {
 protected:
  common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
  Strings sent;
  std::function<void(std::string_view)> send = [this](std::string_view b) { sent.emplace_back(b); };
  common::TimePoint at(int ms) const { return t0 + Millis(ms); }
};

TEST_F(AppendBatcherTest, OneFrameIntervalPassesFramesThroughUnchanged) {
  AppendBatcher b(Millis(20));
  b.add(t0, "not base64 but passed as before", send);
  b.add(at(20), frame(1), send);
  EXPECT_EQ(sent, (Strings{"not base64 but passed as before", frame(1)}));
  EXPECT_TRUE(b.empty());
}

// A 16 kHz PCM call (32 bytes per ms): the interval is counted in its bytes,
// and the batch is the caller's bytes unchanged.
TEST_F(AppendBatcherTest, AWideBandCallGathersTheSameIntervalInItsOwnBytes) {
  AppendBatcher b(Millis(60));
  b.set_bytes_per_ms(32);
  const auto pcm_frame = [](uint8_t byte) {
    return audio::base64_encode(std::vector<uint8_t>(640, byte));
  };
  b.add(t0, pcm_frame(1), send);
  b.add(at(20), pcm_frame(2), send);
  EXPECT_TRUE(sent.empty());
  b.add(at(40), pcm_frame(3), send);
  ASSERT_EQ(sent.size(), 1u);
  auto bytes = decoded(sent[0]);
  ASSERT_EQ(bytes.size(), 1920u);
  EXPECT_EQ(bytes[639], 1);
  EXPECT_EQ(bytes[640], 2);
  EXPECT_EQ(bytes[1919], 3);
}

TEST_F(AppendBatcherTest, GathersFramesUntilIntervalThenSendsThemConcatenated) {
  AppendBatcher b(Millis(60));
  b.add(t0, frame(1), send);
  b.add(at(20), frame(2), send);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(b.pending_frames(), 2u);
  b.add(at(40), frame(3), send);
  ASSERT_EQ(sent.size(), 1u);
  auto bytes = decoded(sent[0]);
  ASSERT_EQ(bytes.size(), 480u);
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(bytes[160], 2);
  EXPECT_EQ(bytes[479], 3);
  EXPECT_TRUE(b.empty());
}

TEST_F(AppendBatcherTest, FlushDueOnlyOnceOldestFrameWaitedTheInterval) {
  AppendBatcher b(Millis(60));
  b.add(t0, frame(1), send);
  b.flush_due(at(59), send);
  EXPECT_TRUE(sent.empty());
  b.flush_due(at(60), send);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(decoded(sent[0]).size(), 160u);
  b.flush_due(at(200), send);  // nothing gathered: nothing sent
  EXPECT_EQ(sent.size(), 1u);
}

TEST_F(AppendBatcherTest, InvalidFrameFollowsTheAudioBeforeIt) {
  AppendBatcher b(Millis(100));
  b.add(t0, frame(7), send);
  b.add(at(20), "%%%", send);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0], frame(7));
  EXPECT_EQ(sent[1], "%%%");
}

TEST_F(AppendBatcherTest, TakeEmptiesAndClearDrops) {
  AppendBatcher b(Millis(100));
  EXPECT_FALSE(b.take());
  b.add(t0, frame(1), send);
  EXPECT_EQ(b.take(), frame(1));
  EXPECT_TRUE(b.empty());
  b.add(t0, frame(2), send);
  b.clear();
  EXPECT_FALSE(b.take());
}

// ---- in the session --------------------------------------------------------

class SessionAppendTest : public AppendBatcherTest {
 protected:
  SessionConfig cfg;
  testing::RecordingSink sink;
  std::unique_ptr<CallSession> s;

  void make_ready(int interval_ms) {
    cfg.append_interval = Millis(interval_ms);
    s = std::make_unique<CallSession>(cfg, sink, t0);
    s->start(t0);
    s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
    s->on_ai_connected(t0);
    s->on_ai_session_updated(t0);
    sink.actions.clear();
  }
  std::string append_of(std::initializer_list<uint8_t> bytes) {
    std::vector<uint8_t> all;
    for (uint8_t v : bytes) all.insert(all.end(), 160, v);
    return "append:" + audio::base64_encode(all);
  }
};

TEST_F(SessionAppendTest, CallerFramesBatchedIntoFewerAppends) {
  make_ready(40);
  for (int k = 0; k < 4; ++k) s->on_caller_media(at(20 * k), frame(uint8_t(k)), 0);
  EXPECT_EQ(sink.actions, (Strings{append_of({0, 1}), append_of({2, 3})}));
  EXPECT_EQ(s->stats().ai_appends_out, 2u);
}

TEST_F(SessionAppendTest, TickSendsABatchThatStoppedFilling) {
  make_ready(60);
  s->on_caller_media(at(0), frame(1), 0);
  s->on_tick(at(40));
  EXPECT_TRUE(sink.actions.empty());
  s->on_tick(at(100));
  EXPECT_EQ(sink.actions, (Strings{append_of({1})}));
}

TEST_F(SessionAppendTest, DtmfSendsGatheredAudioFirst) {
  make_ready(100);
  s->on_caller_media(at(0), frame(1), 0);
  s->on_caller_dtmf(at(10), "5");
  ASSERT_GE(sink.actions.size(), 2u);
  EXPECT_EQ(sink.actions[0], append_of({1}));
  EXPECT_EQ(sink.actions[1], "item:user:The caller pressed 5");
}

TEST_F(SessionAppendTest, BatchOfAFailedLegGoesFirstToTheNextLeg) {
  make_ready(100);
  s->on_caller_media(at(0), frame(1), 0);
  s->on_ai_leg_failed(at(10), "closed", false);
  s->on_caller_media(at(20), frame(2), 0);
  s->on_ai_connected(at(30));
  sink.actions.clear();
  s->on_ai_session_updated(at(30));
  Strings appends;
  for (const auto& a : sink.actions) {
    if (a.rfind("append:", 0) == 0) appends.push_back(a);
  }
  EXPECT_EQ(appends, (Strings{append_of({1}), "append:" + frame(2)}));
}

}  // namespace
}  // namespace voxgate::call
