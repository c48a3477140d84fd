// session.start's audio.format for the call's format (PROTOCOLS-LIVE 4):
// the type and the rate GPT-Live wants for each format a call may carry.

#include <gtest/gtest.h>

#include "live/session_start.hpp"

namespace voxgate::live {
namespace {

TEST(LiveFormat, EachCallFormatIsNamedWithItsRate) {
  EXPECT_EQ(live_format(audio::kPhoneMulaw), (AudioFormat{"audio/pcmu", 8000}));
  EXPECT_EQ(live_format(audio::Format{audio::Encoding::kAlaw, 8000, 1}),
            (AudioFormat{"audio/pcma", 8000}));
  EXPECT_EQ(live_format(audio::pcm16(16000)), (AudioFormat{"audio/pcm", 16000}));
  EXPECT_EQ(live_format(audio::pcm16(24000)), (AudioFormat{"audio/pcm", 24000}));
}

// What the app offers GPT-Live: every format its session.start takes.
TEST(LiveFormat, TheOfferIsWhatSessionStartTakes) {
  EXPECT_EQ(kLiveFormats.size(), 4u);
  for (const auto& f : kLiveFormats) {
    const AudioFormat named = live_format(f);
    EXPECT_TRUE(named.type == "audio/pcm" ? (named.rate == 16000 || named.rate == 24000)
                                          : named.rate == 8000)
        << named.type << "@" << named.rate;
  }
}

}  // namespace
}  // namespace voxgate::live
