#include "audio/g711.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

namespace voxgate::audio {
namespace {

// Reference points of ITU-T G.711 (Tables 2a/2b), on the 16-bit scale
// (mu-law decision values x4, A-law x8).
TEST(G711, UlawReferenceValues) {
  EXPECT_EQ(ulaw_to_linear(0xFF), 0);  // +0
  EXPECT_EQ(ulaw_to_linear(0x7F), 0);  // -0
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0xFE), 8);  // first positive step: 2 * 4
  EXPECT_EQ(ulaw_to_linear(0x7E), -8);
  EXPECT_EQ(ulaw_to_linear(0xEF), 33 * 4);  // segment 1, step 0: ITU value 33
  EXPECT_EQ(linear_to_ulaw(0), 0xFF);
  EXPECT_EQ(linear_to_ulaw(32767), 0x80);
  EXPECT_EQ(linear_to_ulaw(-32768), 0x00);
  EXPECT_EQ(linear_to_ulaw(-1), 0x7F);
}

TEST(G711, AlawReferenceValues) {
  EXPECT_EQ(alaw_to_linear(0xD5), 8);  // smallest positive step, even-bit inverted
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  EXPECT_EQ(alaw_to_linear(0x2A), -32256);
  EXPECT_EQ(linear_to_alaw(0), 0xD5);
  EXPECT_EQ(linear_to_alaw(-1), 0x55);
  EXPECT_EQ(linear_to_alaw(32767), 0xAA);
  EXPECT_EQ(linear_to_alaw(-32768), 0x2A);
}

TEST(G711, EveryCodeRoundTrips) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<uint8_t>(c);
    // -0 (0x7F) decodes to 0, which encodes as +0 (0xFF).
    const uint8_t expect_u = code == 0x7F ? 0xFF : code;
    EXPECT_EQ(linear_to_ulaw(ulaw_to_linear(code)), expect_u) << c;
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(code)), code) << c;
  }
}

TEST(G711, EncodeIsMonotonicAndErrorBounded) {
  int prev_u = ulaw_to_linear(linear_to_ulaw(-32768));
  for (int x = -32768; x <= 32767; x += 7) {
    const auto s = static_cast<int16_t>(x);
    const int du = ulaw_to_linear(linear_to_ulaw(s));
    const int da = alaw_to_linear(linear_to_alaw(s));
    EXPECT_GE(du, prev_u);
    prev_u = du;
    // Quantisation error at most half the largest step (1024 / 2 u-law clipped
    // at 32124; A-law 1024 / 2), plus clipping at full scale.
    EXPECT_LE(std::abs(du - x), x > 32124 || x < -32124 ? 700 : 512) << x;
    EXPECT_LE(std::abs(da - x), 512) << x;
  }
}

TEST(G711, SpanFormsMatchScalar) {
  std::vector<uint8_t> codes(256);
  for (int i = 0; i < 256; ++i) codes[i] = static_cast<uint8_t>(i);
  std::vector<int16_t> pcm(256);
  ulaw_decode(codes, pcm);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(pcm[i], ulaw_to_linear(codes[i]));
  std::vector<uint8_t> back(256);
  ulaw_encode(pcm, back);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(back[i], linear_to_ulaw(pcm[i]));
  alaw_decode(codes, pcm);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(pcm[i], alaw_to_linear(codes[i]));
  alaw_encode(pcm, back);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(back[i], codes[i]);
}

TEST(G711, SpanFormsStopAtShorterSide) {
  std::array<uint8_t, 4> codes{0x00, 0x80, 0xFF, 0x00};
  std::array<int16_t, 3> pcm{1, 1, 1};
  ulaw_decode(std::span<const uint8_t>(codes).first(2), pcm);
  EXPECT_EQ(pcm[0], -32124);
  EXPECT_EQ(pcm[1], 32124);
  EXPECT_EQ(pcm[2], 1);
}

TEST(G711, PcmByteFormsAreLittleEndianAndRoundTripEveryCode) {
  std::vector<uint8_t> codes(256);
  for (int i = 0; i < 256; ++i) codes[i] = static_cast<uint8_t>(i);
  std::string pcm;
  ulaw_to_pcm16le(codes, pcm);
  ASSERT_EQ(pcm.size(), 512u);
  EXPECT_EQ(static_cast<uint8_t>(pcm[0]), 0x84);  // 0x00 decodes to -32124 = 0x8284
  EXPECT_EQ(static_cast<uint8_t>(pcm[1]), 0x82);
  std::vector<uint8_t> back;
  ASSERT_TRUE(pcm16le_to_ulaw(pcm, back));
  ASSERT_EQ(back.size(), 256u);
  for (int i = 0; i < 256; ++i) {
    // 0x7F and 0xFF both decode to 0; 0 encodes to 0xFF.
    EXPECT_EQ(back[i], i == 0x7F ? 0xFF : i) << i;
  }
  EXPECT_FALSE(pcm16le_to_ulaw("abc", back));
}

}  // namespace
}  // namespace voxgate::audio
