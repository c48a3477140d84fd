#include "callsim/audio_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::callsim {
namespace {

TEST(AudioSourceTest, WavIsLoopedFrameAfterFrame) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("callsim_src_" + std::to_string(::getpid()) + ".wav");
  {
    auto w = audio::WavWriter::open(path.string(), 1, 8000);
    ASSERT_TRUE(w.ok());
    std::vector<int16_t> pcm(100);
    for (size_t i = 0; i < pcm.size(); ++i) pcm[i] = int16_t(i * 200);
    w->write(pcm);
    w->close();
  }
  SimOptions o;
  o.source = SourceKind::kWav;
  o.wav_path = path.string();
  std::string error;
  auto wav = AudioSource::load(o, error);
  std::filesystem::remove(path);
  ASSERT_TRUE(wav) << error;
  ASSERT_EQ(wav->size(), 100u);
  AudioSource src(o, wav);
  AudioSource::Frame f;
  src.next(f);  // samples 0..99 then 0..59
  EXPECT_EQ(f[99], audio::linear_to_ulaw(99 * 200));
  EXPECT_EQ(f[100], audio::linear_to_ulaw(0));
  src.next(f);  // continues at sample 60
  EXPECT_EQ(f[0], audio::linear_to_ulaw(60 * 200));
}

TEST(AudioSourceTest, MissingWavIsASetupError) {
  SimOptions o;
  o.source = SourceKind::kWav;
  o.wav_path = "/nonexistent.wav";
  std::string error;
  EXPECT_EQ(AudioSource::load(o, error), nullptr);
  EXPECT_NE(error.find("/nonexistent.wav"), std::string::npos);
}

TEST(AudioSourceTest, SilenceAndToneDiffer) {
  SimOptions o;
  o.source = SourceKind::kSilence;
  AudioSource silence(o, nullptr);
  AudioSource::Frame f;
  silence.next(f);
  for (uint8_t b : f) EXPECT_EQ(b, audio::linear_to_ulaw(0));
  o.source = SourceKind::kTone;
  o.tone_hz = 1000;  // 8 samples per period
  o.tone_amplitude = 0.5;
  AudioSource tone(o, nullptr);
  tone.next(f);
  EXPECT_EQ(f[0], audio::linear_to_ulaw(0));
  EXPECT_NEAR(audio::ulaw_to_linear(f[2]), 16384, 600);  // quarter period: the peak
  EXPECT_EQ(f[2], f[10]);
}

TEST(AudioSourceTest, ToneLoopsSeamlesslyAcrossFrames) {
  // 440 Hz loops every 200 samples: five 160-sample frames cross the loop
  // four times and must still be the tone, sample for sample.
  SimOptions o;
  o.source = SourceKind::kTone;
  o.tone_hz = 440;
  o.tone_amplitude = 0.3;
  AudioSource tone(o, nullptr);
  AudioSource::Frame f;
  for (int frame = 0; frame < 5; ++frame) {
    tone.next(f);
    for (size_t i = 0; i < f.size(); ++i) {
      const double n = frame * 160.0 + static_cast<double>(i);
      const double v = 0.3 * 32767.0 * std::sin(2 * std::numbers::pi * 440 * n / 8000);
      ASSERT_EQ(f[i], audio::linear_to_ulaw(int16_t(std::lround(v)))) << "sample " << n;
    }
  }
}

}  // namespace
}  // namespace voxgate::callsim
