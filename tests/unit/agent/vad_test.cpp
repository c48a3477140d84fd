#include "audio/vad.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "agent/tts.hpp"
#include "unit/agent/test_audio.hpp"

namespace voxgate::agent {
namespace {

struct Seen {
  std::vector<audio::VadEvent> events;
  std::vector<int64_t> at_ms;  // stream time of the frame that produced each event
};

Seen run(audio::Vad& vad, const std::vector<int16_t>& pcm8k) {
  Seen seen;
  for (size_t off = 0; off + audio::Vad::kFrameSamples <= pcm8k.size();
       off += audio::Vad::kFrameSamples) {
    const int64_t t = static_cast<int64_t>(off / 8);
    audio::VadEvent ev =
        vad.push(std::span<const int16_t>(pcm8k).subspan(off, audio::Vad::kFrameSamples), t);
    if (ev.kind != audio::VadEvent::Kind::none) {
      seen.events.push_back(ev);
      seen.at_ms.push_back(t);
    }
  }
  return seen;
}

std::vector<int16_t> concat(std::initializer_list<std::vector<int16_t>> parts) {
  std::vector<int16_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(Vad, SilenceGivesNothing) {
  audio::Vad vad;
  EXPECT_TRUE(run(vad, test::silence(8000, 3000)).events.empty());
}

TEST(Vad, ToneStartsThenStopsAfterSilence) {
  audio::Vad vad;
  const auto pcm =
      concat({test::silence(8000, 1000), test::tone(8000, 1000, 440.0), test::silence(8000, 1500)});
  Seen s = run(vad, pcm);
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].kind, audio::VadEvent::Kind::speech_started);
  EXPECT_NEAR(s.events[0].audio_start_ms, 1000, audio::Vad::kFrameMs);
  // Reported once speech_start_ms of voiced audio has been heard.
  EXPECT_NEAR(s.at_ms[0], 1000 + 200 - audio::Vad::kFrameMs, audio::Vad::kFrameMs);
  EXPECT_EQ(s.events[1].kind, audio::VadEvent::Kind::speech_stopped);
  EXPECT_NEAR(s.events[1].audio_end_ms, 2000, audio::Vad::kFrameMs);
  EXPECT_NEAR(s.at_ms[1], 2000 + 700 - audio::Vad::kFrameMs, audio::Vad::kFrameMs);
  std::printf(
      "[vad] tone 1000..2000 ms: started at frame %lld (audio_start %lld), stopped at frame %lld "
      "(audio_end %lld)\n",
      static_cast<long long>(s.at_ms[0]), static_cast<long long>(s.events[0].audio_start_ms),
      static_cast<long long>(s.at_ms[1]), static_cast<long long>(s.events[1].audio_end_ms));
}

TEST(Vad, ShortClickGivesNothing) {
  audio::Vad vad;
  const auto pcm = concat({test::silence(8000, 500), test::tone(8000, 100, 1000.0, 20000.0),
                           test::silence(8000, 1500)});
  EXPECT_TRUE(run(vad, pcm).events.empty());
}

TEST(Vad, FliteSpeechStartsAndStops) {
  Tts tts("rms");
  const auto speech = tts.synthesize_pcm8k("i would like to book an appointment");
  const int64_t speech_ms = static_cast<int64_t>(speech.size() / 8);
  audio::Vad vad;
  Seen s = run(vad, concat({test::silence(8000, 500), speech, test::silence(8000, 1500)}));
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].kind, audio::VadEvent::Kind::speech_started);
  EXPECT_EQ(s.events[1].kind, audio::VadEvent::Kind::speech_stopped);
  // flite pads with a little silence; the voiced part lies inside the clip.
  EXPECT_GE(s.events[0].audio_start_ms, 500 - audio::Vad::kFrameMs);
  EXPECT_LE(s.events[0].audio_start_ms, 500 + 200);
  EXPECT_LE(s.events[1].audio_end_ms, 500 + speech_ms + audio::Vad::kFrameMs);
  EXPECT_GE(s.events[1].audio_end_ms, 500 + speech_ms - 300);
  std::printf(
      "[vad] flite rms clip 500..%lld ms: audio_start %lld, audio_end %lld, stop reported at "
      "%lld\n",
      static_cast<long long>(500 + speech_ms), static_cast<long long>(s.events[0].audio_start_ms),
      static_cast<long long>(s.events[1].audio_end_ms), static_cast<long long>(s.at_ms[1]));
}

}  // namespace
}  // namespace voxgate::agent
