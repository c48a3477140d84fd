#include "audio/heard_mixer.hpp"

#include <gtest/gtest.h>

#include "audio/g711.hpp"

namespace voxgate::audio {
namespace {

std::vector<uint8_t> tone_ulaw(size_t n, int16_t level) {
  return std::vector<uint8_t>(n, linear_to_ulaw(level));
}

TEST(HeardMixer, PairsCallerFramesWithQueuedAgentAudio) {
  HeardMixer m;
  m.on_agent_audio(tone_ulaw(240, 8000));
  std::vector<int16_t> out;
  m.on_caller_frame(tone_ulaw(160, -4000), out);
  ASSERT_EQ(out.size(), 320u);
  EXPECT_NEAR(out[0], -4000, 200);  // left: caller
  EXPECT_NEAR(out[1], 8000, 300);   // right: agent
  out.clear();
  m.on_caller_frame(tone_ulaw(160, -4000), out);
  EXPECT_NEAR(out[2 * 79 + 1], 8000, 300);  // the last 80 agent bytes
  EXPECT_EQ(out[2 * 80 + 1], 0);            // then silence
}

TEST(HeardMixer, ClearCutsWhatWasNotPlayed) {
  HeardMixer m;
  m.on_agent_audio(tone_ulaw(1600, 8000));
  std::vector<int16_t> out;
  m.on_caller_frame(tone_ulaw(160, 0), out);
  m.on_clear();
  EXPECT_EQ(m.pending_bytes(), 0u);
  out.clear();
  m.on_caller_frame(tone_ulaw(160, 0), out);
  for (size_t i = 1; i < out.size(); i += 2) ASSERT_EQ(out[i], 0);
}

TEST(HeardMixer, BoundsPendingAudio) {
  HeardMixer m(100);
  m.on_agent_audio(tone_ulaw(150, 8000));
  EXPECT_EQ(m.pending_bytes(), 100u);
  EXPECT_EQ(m.dropped_bytes(), 50u);
}

}  // namespace
}  // namespace voxgate::audio
