// The call's audio format (audio/format.hpp): its byte rate, and the path
// choose_call_format picks for each carrier and AI leg: no conversion when
// the AI leg takes the carrier's format, one resampling for wide-band PCM,
// 8 kHz mu-law otherwise.

#include <gtest/gtest.h>

#include <vector>

#include "audio/format.hpp"

namespace voxgate::audio {
namespace {

const std::vector<Format> kRealtime = {kPhoneMulaw, pcm16(24000)};
const std::vector<Format> kLive = {kPhoneMulaw, Format{Encoding::kAlaw, 8000, 1}, pcm16(16000),
                                   pcm16(24000)};
const std::vector<Format> kMulawOnly = {kPhoneMulaw};  // ai.audio = "pcmu"

TEST(CallFormat, BytesPerMillisecond) {
  EXPECT_EQ(kPhoneMulaw.bytes_per_ms(), 8);
  EXPECT_EQ(pcm16(8000).bytes_per_ms(), 16);
  EXPECT_EQ(pcm16(16000).bytes_per_ms(), 32);
  EXPECT_EQ(pcm16(24000).bytes_per_ms(), 48);
  EXPECT_EQ((Format{Encoding::kOther, 8000, 1}).bytes_per_ms(), 0);
}

TEST(CallFormat, MulawCarriersStayMulawOnEveryLeg) {
  for (const auto* ai : {&kRealtime, &kLive, &kMulawOnly}) {
    EXPECT_EQ(choose_call_format(kPhoneMulaw, *ai), kPhoneMulaw);
  }
}

TEST(CallFormat, SixteenKilohertzPassesToLiveAndIsResampledOnceForRealtime) {
  EXPECT_EQ(choose_call_format(pcm16(16000), kLive), pcm16(16000));
  EXPECT_EQ(choose_call_format(pcm16(16000), kRealtime), pcm16(24000));
  EXPECT_EQ(choose_call_format(pcm16(24000), kRealtime), pcm16(24000));
  EXPECT_EQ(choose_call_format(pcm16(16000), kMulawOnly), kPhoneMulaw);
}

// 8 kHz PCM to mu-law is G.711 alone, cheaper than any resampling, and the
// phone call had nothing G.711 loses.
TEST(CallFormat, EightKilohertzPcmAndUnknownFormatsGoToMulaw) {
  EXPECT_EQ(choose_call_format(pcm16(8000), kLive), kPhoneMulaw);
  EXPECT_EQ(choose_call_format(pcm16(8000), kRealtime), kPhoneMulaw);
  EXPECT_EQ(choose_call_format(pcm16(44100), kRealtime), kPhoneMulaw);
  EXPECT_EQ(choose_call_format(Format{Encoding::kOther, 48000, 1}, kLive), kPhoneMulaw);
}

}  // namespace
}  // namespace voxgate::audio
