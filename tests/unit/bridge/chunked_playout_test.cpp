// ChunkedPlayout: a carrier's chunk rule on the audio and marks the call
// sends (Exotel's, in 8 kHz mu-law bytes: 20 ms granules, 200 ms to 1 s).
#include "bridge/chunked_playout.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace voxgate::bridge {
namespace {

using namespace std::chrono_literals;
constexpr audio::ChunkRule kRule{160, 1600, 8000};
const common::TimePoint kT0 = common::TimePoint{} + 1h;

// "A1600" for a chunk of 1600 bytes, "M:name" for a mark.
std::vector<std::string> show(ChunkedPlayout::Pieces& pieces) {
  std::vector<std::string> out;
  for (const auto& p : pieces) {
    out.push_back(p.mark.empty() ? "A" + std::to_string(p.audio.size()) : "M:" + p.mark);
  }
  pieces.clear();
  return out;
}

std::vector<uint8_t> ms(int n) {
  return std::vector<uint8_t>(static_cast<size_t>(n) * 8, 0x55);
}

using V = std::vector<std::string>;

TEST(ChunkedPlayout, MarksWaitForTheAudioBeforeThemWithoutSplittingIt) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.audio(ms(100), kT0, out);
  p.mark("m1", out);  // 100 ms before it: held, no short chunk
  EXPECT_EQ(show(out), V{});
  p.audio(ms(130), kT0, out);  // 230 ms: one chunk of whole 20 ms, then m1
  EXPECT_EQ(show(out), (V{"A1760", "M:m1"}));
  EXPECT_EQ(p.held_bytes(), 80u);
}

TEST(ChunkedPlayout, TheTailGoesOutPaddedOnceAudioPausesForIdle) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.audio(ms(250), kT0, out);
  EXPECT_EQ(show(out), V{"A1920"});  // whole 20 ms only
  p.mark("end-of-item", out);
  p.tick(kT0 + 99ms, out);
  EXPECT_EQ(show(out), V{});
  p.tick(kT0 + 100ms, out);
  EXPECT_EQ(show(out), (V{"A1600", "M:end-of-item"}));  // 10 ms padded to the 200 ms minimum
  EXPECT_EQ(p.held_bytes(), 0u);
  EXPECT_EQ(p.waiting_marks(), 0u);
}

TEST(ChunkedPlayout, AMarkWithNothingHeldGoesAtOnce) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.mark("first", out);
  EXPECT_EQ(show(out), V{"M:first"});
  p.audio(ms(200), kT0, out);
  p.mark("second", out);
  EXPECT_EQ(show(out), (V{"A1600", "M:second"}));
}

TEST(ChunkedPlayout, ClearDropsHeldAudioAndItsMarks) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.audio(ms(150), kT0, out);
  p.mark("cancelled", out);
  p.clear();
  p.tick(kT0 + 1s, out);
  p.flush(out);
  EXPECT_EQ(show(out), V{});
  p.audio(ms(200), kT0 + 2s, out);
  p.mark("next", out);
  EXPECT_EQ(show(out), (V{"A1600", "M:next"}));
}

TEST(ChunkedPlayout, FlushSendsEverythingNow) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.audio(ms(30), kT0, out);
  p.mark("clip", out);
  p.flush(out);
  EXPECT_EQ(show(out), (V{"A1600", "M:clip"}));
  p.flush(out);
  EXPECT_EQ(show(out), V{});
}

TEST(ChunkedPlayout, LongBurstsComeOutInChunksOfAtMostMax) {
  ChunkedPlayout p(kRule, 100ms);
  ChunkedPlayout::Pieces out;
  p.audio(ms(2500), kT0, out);
  EXPECT_EQ(show(out), (V{"A8000", "A8000", "A4000"}));  // at most 1 s; 500 ms is a chunk too
  EXPECT_EQ(p.held_bytes(), 0u);
}

}  // namespace
}  // namespace voxgate::bridge
