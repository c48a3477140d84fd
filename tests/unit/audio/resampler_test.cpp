#include "audio/resampler.hpp"

#include <gtest/gtest.h>

#include "unit/agent/test_audio.hpp"

namespace voxgate::audio {
namespace {

TEST(Resampler, UpsamplesEightToSixteenKeepingLengthAndLevel) {
  Resampler rs(8000, 16000);
  const auto in = agent::test::tone(8000, 1000, 440.0);
  std::vector<int16_t> out;
  // Streamed in 20 ms frames, as the caller leg delivers it.
  for (size_t off = 0; off < in.size(); off += 160) {
    rs.process(std::span<const int16_t>(in).subspan(off, 160), out);
  }
  rs.flush(out);
  EXPECT_NEAR(static_cast<double>(out.size()), 16000.0, 100.0);
  EXPECT_NEAR(agent::test::rms(out), agent::test::rms(in), agent::test::rms(in) * 0.05);
}

TEST(Resampler, DownsamplesAndRemovesAliasingAboveNyquist) {
  Resampler rs(16000, 8000);
  // 6 kHz is above the 4 kHz output Nyquist: it must be filtered, not folded.
  std::vector<int16_t> out = rs.process(agent::test::tone(16000, 500, 6000.0));
  rs.flush(out);
  EXPECT_NEAR(static_cast<double>(out.size()), 4000.0, 50.0);
  EXPECT_LT(agent::test::rms(out), 200.0);
  Resampler pass(16000, 8000);
  EXPECT_GT(agent::test::rms(pass.process(agent::test::tone(16000, 500, 1000.0))), 4000.0);
}

TEST(Resampler, RejectsBadRates) {
  EXPECT_THROW(Resampler(0, 8000), std::invalid_argument);
  EXPECT_THROW(Resampler(8000, 16000, 11), std::invalid_argument);
}

}  // namespace
}  // namespace voxgate::audio
