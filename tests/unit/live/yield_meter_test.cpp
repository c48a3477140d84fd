// YieldMeter: model-managed barge-in latency (BEHAVIOUR 3), time driven by
// the test: caller audio and AI output in 20 ms steps, as both arrive at
// playback pace.
#include "live/yield_meter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::live {
namespace {

constexpr int64_t kStepMs = 20;

// 20 ms of mu-law: a 440 Hz tone (the VAD calls it voiced) or silence.
std::string ulaw_b64(bool tone, int64_t at_ms) {
  std::vector<uint8_t> bytes(160);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const double t = static_cast<double>(at_ms) / 1000.0 + static_cast<double>(i) / 8000.0;
    const auto s = static_cast<int16_t>(tone ? 9000.0 * std::sin(2 * M_PI * 440.0 * t) : 0.0);
    bytes[i] = audio::linear_to_ulaw(s);
  }
  return audio::base64_encode(bytes);
}

enum class Ai { kNone, kLoud, kQuiet };

struct Heard {
  std::vector<double> yields;
  std::vector<int64_t> speech_ended_at_ms;
};

// Steps from 0 to `until_ms`: the caller talks while `caller(ms)`, the AI
// sends what `ai(ms)` says.
Heard drive(YieldMeter& m, int64_t until_ms, const std::function<bool(int64_t)>& caller,
            const std::function<Ai(int64_t)>& ai) {
  Heard r;
  const common::TimePoint t0{};
  for (int64_t ms = 0; ms < until_ms; ms += kStepMs) {
    const common::TimePoint now = t0 + common::Millis(ms + kStepMs);  // the step's end
    const Ai a = ai(ms);
    if (a != Ai::kNone) {
      if (auto s = m.on_ai_audio(now - common::Millis(kStepMs), a == Ai::kQuiet, kStepMs))
        r.yields.push_back(*s);
    }
    CallerHeard h = m.on_caller_audio(now, ulaw_b64(caller(ms), ms));
    if (h.yielded_s) r.yields.push_back(*h.yielded_s);
    if (h.speech_ended) r.speech_ended_at_ms.push_back(ms + kStepMs);
  }
  return r;
}

bool talks_from_1000_to_2500(int64_t ms) {
  return ms >= 1000 && ms < 2500;
}

TEST(YieldMeter, OnsetWhileSpeakingThenQuietGivesOneObservationOfTheGap) {
  YieldMeter m(AudioFormat{});
  // The AI talks until 300 ms after the caller's onset, then streams silence.
  Heard r = drive(m, 5000, talks_from_1000_to_2500,
                  [](int64_t ms) { return ms < 1300 ? Ai::kLoud : Ai::kQuiet; });
  ASSERT_EQ(r.yields.size(), 1u);
  EXPECT_NEAR(r.yields[0], 0.300, 0.041);  // the VAD places onsets to a frame or two
  EXPECT_EQ(m.given_up(), 0u);
}

TEST(YieldMeter, CallerSpeechEndIsReportedOnceAfterTheSilenceRun) {
  YieldMeter m(AudioFormat{});
  Heard r = drive(m, 5000, talks_from_1000_to_2500, [](int64_t) { return Ai::kNone; });
  ASSERT_EQ(r.speech_ended_at_ms.size(), 1u);
  // 500 ms of silence after 2500, as the Realtime server VAD waits.
  EXPECT_NEAR(static_cast<double>(r.speech_ended_at_ms[0]), 3000.0, 2.0 * kStepMs);
}

TEST(YieldMeter, NoAiAudioGivesNone) {
  YieldMeter m(AudioFormat{});
  Heard r = drive(m, 5000, talks_from_1000_to_2500, [](int64_t) { return Ai::kNone; });
  EXPECT_TRUE(r.yields.empty());
}

TEST(YieldMeter, AiAlreadyQuietAtTheOnsetGivesNone) {
  YieldMeter m(AudioFormat{});
  Heard r = drive(m, 5000, talks_from_1000_to_2500,
                  [](int64_t ms) { return ms < 800 ? Ai::kLoud : Ai::kQuiet; });
  EXPECT_TRUE(r.yields.empty());
}

TEST(YieldMeter, AiNeverQuietGivesNoneAndGivesUp) {
  YieldMeter m(AudioFormat{});
  Heard r = drive(m, 13000, talks_from_1000_to_2500, [](int64_t) { return Ai::kLoud; });
  EXPECT_TRUE(r.yields.empty());
  EXPECT_EQ(m.given_up(), 1u);
}

TEST(YieldMeter, PauseShorterThanTheQuietRunIsNotAYield) {
  YieldMeter m(AudioFormat{});
  // A 200 ms pause at 1300, loud again, then quiet for good at 1800.
  Heard r = drive(m, 5000, talks_from_1000_to_2500, [](int64_t ms) {
    if (ms >= 1300 && ms < 1500) return Ai::kQuiet;
    return ms < 1800 ? Ai::kLoud : Ai::kQuiet;
  });
  ASSERT_EQ(r.yields.size(), 1u);
  EXPECT_NEAR(r.yields[0], 0.800, 0.041);
}

TEST(YieldMeter, StreamThatStopsInsteadOfCarryingSilenceIsMeasuredToItsLastAudio) {
  YieldMeter m(AudioFormat{});
  Heard r = drive(m, 5000, talks_from_1000_to_2500,
                  [](int64_t ms) { return ms < 1400 ? Ai::kLoud : Ai::kNone; });
  ASSERT_EQ(r.yields.size(), 1u);
  EXPECT_NEAR(r.yields[0], 0.400, 0.041);
}

TEST(YieldMeter, AudioLengthFollowsTheSessionFormat) {
  const std::string b64_320 = audio::base64_encode(std::vector<uint8_t>(320));
  EXPECT_EQ(YieldMeter(AudioFormat{"audio/pcmu", 8000}).audio_ms(b64_320), 40);
  EXPECT_EQ(YieldMeter(AudioFormat{"audio/pcm", 16000}).audio_ms(b64_320), 10);
}

}  // namespace
}  // namespace voxgate::live
