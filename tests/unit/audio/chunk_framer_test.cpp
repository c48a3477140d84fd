#include "audio/chunk_framer.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace voxgate::audio {
namespace {

std::vector<uint8_t> seq(size_t n, uint8_t start = 0) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

// Exotel's rule in 8 kHz mu-law bytes: 20 ms granules, 200 ms minimum.
constexpr ChunkRule kExotel{160, 1600, 8000};

TEST(ChunkFramer, HoldsAudioUntilTheMinimumIsPending) {
  ChunkFramer f(kExotel);
  std::vector<uint8_t> chunk;
  for (int i = 0; i < 9; ++i) {
    f.push(seq(160));
    EXPECT_FALSE(f.pop(chunk)) << "after " << (i + 1) << " granules";
  }
  f.push(seq(160));
  ASSERT_TRUE(f.pop(chunk));
  EXPECT_EQ(chunk.size(), 1600u);
  EXPECT_EQ(f.pending(), 0u);
}

TEST(ChunkFramer, ChunksAreWholeGranulesInOrderAndAtMostMax) {
  ChunkFramer f(kExotel);
  const auto in = seq(20000 + 37);
  f.push(in);
  std::vector<uint8_t> out, chunk;
  while (f.pop(chunk)) {
    EXPECT_EQ(chunk.size() % 160, 0u);
    EXPECT_GE(chunk.size(), 1600u);
    EXPECT_LE(chunk.size(), 8000u);
    out.insert(out.end(), chunk.begin(), chunk.end());
  }
  EXPECT_LT(f.pending(), 1600u);
  ASSERT_TRUE(f.pop_rest(chunk, kUlawSilence));
  out.insert(out.end(), chunk.begin(), chunk.end());
  ASSERT_GE(out.size(), in.size());
  EXPECT_TRUE(std::equal(in.begin(), in.end(), out.begin()));
  EXPECT_FALSE(f.pop_rest(chunk, kUlawSilence));
}

TEST(ChunkFramer, TheRestIsPaddedWithSilenceToAWholeChunk) {
  ChunkFramer f(kExotel);
  std::vector<uint8_t> chunk;
  f.push(seq(170, 1));
  ASSERT_TRUE(f.pop_rest(chunk, kUlawSilence));
  ASSERT_EQ(chunk.size(), 1600u);
  EXPECT_EQ(chunk[0], 1);
  EXPECT_EQ(chunk[169], 170);
  EXPECT_EQ(chunk[170], kUlawSilence);
  EXPECT_EQ(chunk[1599], kUlawSilence);
  EXPECT_EQ(f.pending(), 0u);
}

TEST(ChunkFramer, ClearDropsWhatIsPending) {
  ChunkFramer f(kExotel);
  std::vector<uint8_t> chunk;
  f.push(seq(1000));
  f.clear();
  EXPECT_EQ(f.pending(), 0u);
  EXPECT_FALSE(f.pop_rest(chunk, kUlawSilence));
  f.push(seq(1600, 7));
  ASSERT_TRUE(f.pop(chunk));
  EXPECT_EQ(chunk.front(), 7);
}

TEST(ChunkFramer, AnImpossibleRuleIsMadeWhole) {
  ChunkFramer f({0, 3, 1});  // granule 0, max below min
  EXPECT_EQ(f.rule().granule, 1u);
  EXPECT_EQ(f.rule().min, 3u);
  EXPECT_EQ(f.rule().max, 3u);
  ChunkFramer g({160, 100, 200});  // not whole granules
  EXPECT_EQ(g.rule().min, 160u);
  EXPECT_EQ(g.rule().max, 320u);
}

}  // namespace
}  // namespace voxgate::audio
