// WirePcm: a carrier's 16-bit PCM at 8, 16 or 24 kHz to the call's 8 kHz
// mu-law and back. A tone must come through at its own pitch, every frame
// back must be a whole frame at the stream's rate, and 8 kHz must be plain
// G.711 (no filter in the way).

#include "audio/wire_pcm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "audio/g711.hpp"

namespace voxgate::audio {
namespace {

std::vector<int16_t> tone(int rate, double hz, size_t samples, size_t offset = 0) {
  std::vector<int16_t> out(samples);
  for (size_t i = 0; i < samples; ++i) {
    const double t = static_cast<double>(i + offset) / rate;
    out[i] = static_cast<int16_t>(8000.0 * std::sin(2 * std::numbers::pi * hz * t));
  }
  return out;
}

std::string le_bytes(const std::vector<int16_t>& s) {
  std::string out;
  for (const int16_t v : s) {
    out.push_back(static_cast<char>(static_cast<uint16_t>(v) & 0xFF));
    out.push_back(static_cast<char>(static_cast<uint16_t>(v) >> 8));
  }
  return out;
}

std::vector<int16_t> from_le(const std::string& b) {
  std::vector<int16_t> out(b.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto lo = static_cast<uint16_t>(static_cast<uint8_t>(b[2 * i]));
    const auto hi = static_cast<uint16_t>(static_cast<uint8_t>(b[2 * i + 1]));
    out[i] = static_cast<int16_t>(lo | (hi << 8));
  }
  return out;
}

// The tone's frequency from its sign changes (two per period).
double pitch(const std::vector<int16_t>& s, int rate) {
  size_t crossings = 0;
  for (size_t i = 1; i < s.size(); ++i) crossings += (s[i - 1] < 0) != (s[i] < 0);
  return static_cast<double>(crossings) / 2.0 / (static_cast<double>(s.size()) / rate);
}

TEST(WirePcm, EightKilohertzIsPlainG711BothWays) {
  WirePcm wire(8000);
  const auto samples = tone(8000, 440, 160);
  std::vector<uint8_t> ulaw;
  ASSERT_TRUE(wire.to_ulaw(le_bytes(samples), ulaw));
  ASSERT_EQ(ulaw.size(), 160u);
  for (size_t i = 0; i < ulaw.size(); ++i) EXPECT_EQ(ulaw[i], linear_to_ulaw(samples[i]));
  std::string back;
  wire.from_ulaw(ulaw, back);
  ASSERT_EQ(back.size(), 320u);
  const auto decoded = from_le(back);
  for (size_t i = 0; i < decoded.size(); ++i) EXPECT_EQ(decoded[i], ulaw_to_linear(ulaw[i]));
}

class WideBand : public ::testing::TestWithParam<int> {};

TEST_P(WideBand, ATonePassesInwardAtItsPitchAsEightKilohertz) {
  const int rate = GetParam();
  WirePcm wire(rate);
  const size_t frame = static_cast<size_t>(rate) / 50;  // 20 ms
  std::vector<int16_t> heard;
  std::vector<uint8_t> ulaw;
  for (size_t f = 0; f < 50; ++f) {  // one second
    ASSERT_TRUE(wire.to_ulaw(le_bytes(tone(rate, 1000, frame, f * frame)), ulaw));
    for (const uint8_t c : ulaw) heard.push_back(ulaw_to_linear(c));
  }
  // One second in gives one second at 8 kHz, less the filter's delay.
  EXPECT_GE(heard.size(), 7900u);
  EXPECT_LE(heard.size(), 8000u);
  const std::vector<int16_t> steady(heard.begin() + 400, heard.end());
  EXPECT_NEAR(pitch(steady, 8000), 1000.0, 20.0);
}

TEST_P(WideBand, EveryChunkBackIsAWholeFrameAtTheStreamsRateAndKeepsItsPitch) {
  const int rate = GetParam();
  WirePcm wire(rate);
  std::vector<int16_t> played;
  std::vector<uint8_t> ulaw(160);
  std::string pcm;
  for (size_t f = 0; f < 50; ++f) {
    const auto narrow = tone(8000, 1000, 160, f * 160);
    for (size_t i = 0; i < 160; ++i) ulaw[i] = linear_to_ulaw(narrow[i]);
    wire.from_ulaw(ulaw, pcm);
    ASSERT_EQ(pcm.size(), static_cast<size_t>(rate) / 50 * 2) << "chunk " << f;
    const auto s = from_le(pcm);
    played.insert(played.end(), s.begin(), s.end());
  }
  const std::vector<int16_t> steady(played.begin() + rate / 20, played.end());
  EXPECT_NEAR(pitch(steady, rate), 1000.0, 20.0);
}

TEST_P(WideBand, AnOddByteCountIsRefused) {
  WirePcm wire(GetParam());
  std::vector<uint8_t> ulaw;
  EXPECT_FALSE(wire.to_ulaw("abc", ulaw));
}

INSTANTIATE_TEST_SUITE_P(Rates, WideBand, ::testing::Values(16000, 24000));

TEST(WirePcm, OnlyTheRatesItConvertsAreSupported) {
  EXPECT_TRUE(WirePcm::supports(8000));
  EXPECT_TRUE(WirePcm::supports(16000));
  EXPECT_TRUE(WirePcm::supports(24000));
  EXPECT_FALSE(WirePcm::supports(44100));
  EXPECT_FALSE(WirePcm::supports(0));
  EXPECT_EQ(WirePcm(44100).wire_rate(), 8000);
}

// The call carries the stream's own PCM: bytes in == bytes out, both ways.
TEST(WirePcm, TheStreamsOwnPcmPassesUntouched) {
  for (const int rate : {8000, 16000, 24000}) {
    WirePcm wire(rate, pcm16(rate));
    EXPECT_TRUE(wire.passthrough());
    const std::string in = le_bytes(tone(rate, 700, static_cast<size_t>(rate) / 50));
    std::string call, back;
    ASSERT_TRUE(wire.to_call(in, call));
    EXPECT_EQ(call, in);
    wire.from_call({reinterpret_cast<const uint8_t*>(call.data()), call.size()}, back);
    EXPECT_EQ(back, in);
  }
}

// 16 kHz to a 24 kHz call (Vonage to Realtime): one resampling each way,
// whole frames back, the tone at its pitch.
TEST(WirePcm, SixteenToTwentyFourKilohertzIsOneResamplingAtItsPitch) {
  WirePcm wire(16000, pcm16(24000));
  EXPECT_FALSE(wire.passthrough());
  std::vector<int16_t> heard;
  std::string call;
  for (size_t f = 0; f < 50; ++f) {
    ASSERT_TRUE(wire.to_call(le_bytes(tone(16000, 1000, 320, f * 320)), call));
    ASSERT_EQ(call.size() % 2, 0u);
    const auto s = from_le(call);
    heard.insert(heard.end(), s.begin(), s.end());
  }
  EXPECT_GE(heard.size(), 23800u);  // one second at 24 kHz, less the filter's delay
  EXPECT_LE(heard.size(), 24000u);
  EXPECT_NEAR(pitch({heard.begin() + 1200, heard.end()}, 24000), 1000.0, 20.0);
  std::vector<int16_t> played;
  std::string pcm;
  for (size_t f = 0; f < 50; ++f) {
    const std::string chunk = le_bytes(tone(24000, 1000, 480, f * 480));  // 20 ms
    wire.from_call({reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()}, pcm);
    ASSERT_EQ(pcm.size(), 640u) << "chunk " << f;
    const auto s = from_le(pcm);
    played.insert(played.end(), s.begin(), s.end());
  }
  EXPECT_NEAR(pitch({played.begin() + 800, played.end()}, 16000), 1000.0, 20.0);
}

// to_call into a mu-law call is what to_ulaw was: byte for byte.
TEST(WirePcm, AMulawCallIsTheSameG711AsBefore) {
  for (const int rate : {8000, 16000}) {
    WirePcm a(rate), b(rate);
    const std::string in = le_bytes(tone(rate, 440, static_cast<size_t>(rate) / 50));
    std::vector<uint8_t> ulaw;
    std::string call;
    ASSERT_TRUE(a.to_ulaw(in, ulaw));
    ASSERT_TRUE(b.to_call(in, call));
    EXPECT_EQ(call, std::string(ulaw.begin(), ulaw.end())) << rate;
  }
}

TEST(WirePcm, OnlyMulawAndPcmAtItsRatesAreCallFormats) {
  EXPECT_TRUE(WirePcm::converts_to(kPhoneMulaw));
  EXPECT_TRUE(WirePcm::converts_to(pcm16(24000)));
  EXPECT_FALSE(WirePcm::converts_to(pcm16(44100)));
  EXPECT_FALSE(WirePcm::converts_to(Format{Encoding::kAlaw, 8000, 1}));
  EXPECT_EQ(WirePcm(16000, Format{Encoding::kAlaw, 8000, 1}).call(), kPhoneMulaw);
}

}  // namespace
}  // namespace voxgate::audio
