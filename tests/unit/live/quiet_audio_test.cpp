// quiet_audio: which output deltas are silence, per session format
// (PROTOCOLS-LIVE 4: audio/pcmu, audio/pcma at 8 kHz; audio/pcm PCM16LE).

#include "live/quiet_audio.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::live {
namespace {

std::string b64(const std::vector<uint8_t>& bytes) {
  return audio::base64_encode(bytes);
}

std::vector<uint8_t> pcm16(std::initializer_list<int16_t> samples) {
  std::vector<uint8_t> out;
  for (const int16_t s : samples) {
    out.push_back(static_cast<uint8_t>(static_cast<uint16_t>(s) & 0xff));
    out.push_back(static_cast<uint8_t>(static_cast<uint16_t>(s) >> 8));
  }
  return out;
}

const AudioFormat kUlaw{"audio/pcmu", 8000};
const AudioFormat kAlaw{"audio/pcma", 8000};
const AudioFormat kPcm16k{"audio/pcm", 16000};

TEST(QuietAudio, MuLawZeroesAndFaintNoiseAreQuiet) {
  EXPECT_TRUE(quiet_audio(b64({0xFF, 0x7F, 0xFF}), kUlaw));
  const uint8_t faint = audio::linear_to_ulaw(20);
  EXPECT_TRUE(quiet_audio(b64({faint, 0xFF}), kUlaw));
}

TEST(QuietAudio, OneLoudSampleMakesADeltaAudio) {
  const uint8_t loud = audio::linear_to_ulaw(1000);
  EXPECT_FALSE(quiet_audio(b64({0xFF, 0xFF, loud, 0xFF}), kUlaw));
  EXPECT_FALSE(quiet_audio(b64(pcm16({0, 5, -2000, 0})), kPcm16k));
}

TEST(QuietAudio, ALawAndPcmSilence) {
  EXPECT_TRUE(quiet_audio(b64({audio::linear_to_alaw(0), audio::linear_to_alaw(-8)}), kAlaw));
  EXPECT_FALSE(quiet_audio(b64({audio::linear_to_alaw(3000)}), kAlaw));
  EXPECT_TRUE(quiet_audio(b64(pcm16({0, 32, -32, 1})), kPcm16k));
  EXPECT_FALSE(quiet_audio(b64(pcm16({0, 33})), kPcm16k));
}

// Audio that cannot be judged is treated as audio: it is never dropped.
TEST(QuietAudio, UndecodableOrEmptyIsNotQuiet) {
  EXPECT_FALSE(quiet_audio("!!!!", kUlaw));
  EXPECT_FALSE(quiet_audio("", kUlaw));
  EXPECT_FALSE(quiet_audio(b64({0x00, 0x00, 0x00}), kPcm16k));  // odd byte count
}

}  // namespace
}  // namespace voxgate::live
