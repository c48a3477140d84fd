#include "audio/framer.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace voxgate::audio {
namespace {

static_assert(bytes_for_ms(20) == 160);
static_assert(ms_for_bytes(160) == 20);
static_assert(bytes_for_ms(20, 16000) == 320);
static_assert(ms_for_bytes(8000) == 1000);
static_assert(Framer::kDefaultFrameBytes == 160);

std::vector<uint8_t> seq(size_t n, uint8_t start) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

TEST(Framer, RechunksIntoFixedFramesInOrder) {
  Framer f(4);
  std::vector<uint8_t> frame;
  f.push(seq(3, 0));
  EXPECT_FALSE(f.pop(frame));
  EXPECT_EQ(f.pending(), 3u);
  f.push(seq(6, 3));  // 0..8
  ASSERT_TRUE(f.pop(frame));
  EXPECT_EQ(frame, (std::vector<uint8_t>{0, 1, 2, 3}));
  ASSERT_TRUE(f.pop(frame));
  EXPECT_EQ(frame, (std::vector<uint8_t>{4, 5, 6, 7}));
  EXPECT_FALSE(f.pop(frame));
  EXPECT_EQ(f.pending(), 1u);
  ASSERT_TRUE(f.pop_partial(frame));
  EXPECT_EQ(frame, (std::vector<uint8_t>{8}));
  EXPECT_EQ(f.pending(), 0u);
  EXPECT_FALSE(f.pop_partial(frame));
}

TEST(Framer, DefaultFrameIs20msMulaw) {
  Framer f;
  std::vector<uint8_t> frame;
  f.push(seq(400, 0));
  ASSERT_TRUE(f.pop(frame));
  EXPECT_EQ(frame.size(), 160u);
  ASSERT_TRUE(f.pop(frame));
  EXPECT_EQ(frame.front(), 160);
  EXPECT_FALSE(f.pop(frame));
  ASSERT_TRUE(f.pop_partial(frame));
  EXPECT_EQ(frame.size(), 80u);
}

TEST(Framer, PopPartialNeverExceedsAFrame) {
  Framer f(4);
  std::vector<uint8_t> frame;
  f.push(seq(6, 0));
  ASSERT_TRUE(f.pop_partial(frame));
  EXPECT_EQ(frame.size(), 4u);
  ASSERT_TRUE(f.pop_partial(frame));
  EXPECT_EQ(frame, (std::vector<uint8_t>{4, 5}));
}

TEST(Framer, ClearDropsPending) {
  Framer f(4);
  std::vector<uint8_t> frame;
  f.push(seq(7, 0));
  ASSERT_TRUE(f.pop(frame));
  f.clear();
  EXPECT_EQ(f.pending(), 0u);
  EXPECT_FALSE(f.pop_partial(frame));
  f.push(seq(4, 50));
  ASSERT_TRUE(f.pop(frame));
  EXPECT_EQ(frame.front(), 50);
}

TEST(Framer, LongStreamKeepsEveryByteInOrder) {
  Framer f(160);
  std::vector<uint8_t> frame;
  std::vector<uint8_t> got;
  uint8_t next = 0;
  for (int i = 0; i < 500; ++i) {
    const size_t n = static_cast<size_t>(i * 53 % 411);
    std::vector<uint8_t> chunk(n);
    for (auto& b : chunk) b = next++;
    f.push(chunk);
    while (f.pop(frame)) got.insert(got.end(), frame.begin(), frame.end());
  }
  while (f.pop_partial(frame)) got.insert(got.end(), frame.begin(), frame.end());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], static_cast<uint8_t>(i));
  EXPECT_EQ(got.size() % 256, next);
}

}  // namespace
}  // namespace voxgate::audio
