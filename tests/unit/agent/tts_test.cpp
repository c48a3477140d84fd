#include "agent/tts.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "unit/agent/test_audio.hpp"

namespace voxgate::agent {
namespace {

TEST(Tts, HelloIsShortNonSilentUlaw) {
  Tts tts;
  const auto t0 = std::chrono::steady_clock::now();
  const auto ulaw = tts.synthesize_ulaw8k("Hello");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double seconds = static_cast<double>(ulaw.size()) / 8000.0;
  EXPECT_GT(seconds, 0.3);
  EXPECT_LT(seconds, 3.0);
  EXPECT_GT(test::rms(test::ulaw_to_pcm(ulaw)), 300.0);
  std::printf("[tts] slt 'Hello': %.2f s audio in %.3f s\n", seconds, wall);
}

TEST(Tts, AllVoicesAndRealTimeFactor) {
  const char* text = "Thank you for calling. Which day would you like to come in?";
  for (const char* v : {"slt", "rms", "kal16"}) {
    Tts tts(v);
    const auto t0 = std::chrono::steady_clock::now();
    const auto pcm = tts.synthesize_pcm8k(text);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double seconds = static_cast<double>(pcm.size()) / 8000.0;
    EXPECT_GT(seconds, 1.5) << v;
    EXPECT_GT(test::rms(pcm), 300.0) << v;
    std::printf("[tts] voice %-5s: %.2f s audio in %.3f s, real-time factor %.3f\n", v, seconds,
                wall, wall / seconds);
  }
}

TEST(Tts, UnknownVoiceThrows) {
  EXPECT_THROW(Tts("nope"), std::invalid_argument);
}

TEST(Tts, ConcurrentSynthesisFromTwoThreadsMatchesSerial) {
  Tts a("slt");
  Tts b("rms");
  const auto ref_a = a.synthesize_ulaw8k("good morning");
  const auto ref_b = b.synthesize_ulaw8k("good afternoon");
  std::vector<uint8_t> got_a, got_b;
  std::thread ta([&] { got_a = a.synthesize_ulaw8k("good morning"); });
  std::thread tb([&] { got_b = b.synthesize_ulaw8k("good afternoon"); });
  ta.join();
  tb.join();
  // flite's clustergen voices excite unvoiced sounds with random noise, so
  // samples differ run to run; length and level must not.
  EXPECT_NEAR(static_cast<double>(got_a.size()), static_cast<double>(ref_a.size()), 80.0);
  EXPECT_NEAR(static_cast<double>(got_b.size()), static_cast<double>(ref_b.size()), 80.0);
  EXPECT_NEAR(test::rms(test::ulaw_to_pcm(got_a)), test::rms(test::ulaw_to_pcm(ref_a)),
              test::rms(test::ulaw_to_pcm(ref_a)) * 0.1);
  EXPECT_NEAR(test::rms(test::ulaw_to_pcm(got_b)), test::rms(test::ulaw_to_pcm(ref_b)),
              test::rms(test::ulaw_to_pcm(ref_b)) * 0.1);
}

// Threads synthesise at once with the same voice (each with its own
// instance of it); what they get is what one thread alone gets.
TEST(Tts, ManyThreadsOneVoiceMatchSerial) {
  Tts tts("slt");
  const std::vector<std::string> texts{"good morning", "which day would you like",
                                       "thank you for calling", "goodbye"};
  std::vector<std::vector<uint8_t>> ref;
  for (const auto& t : texts) ref.push_back(tts.synthesize_ulaw8k(t));
  std::vector<std::vector<uint8_t>> got(texts.size() * 2);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = tts.synthesize_ulaw8k(texts[i % texts.size()]); });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < got.size(); ++i) {
    const auto& want = ref[i % texts.size()];
    EXPECT_NEAR(static_cast<double>(got[i].size()), static_cast<double>(want.size()), 80.0) << i;
    EXPECT_NEAR(test::rms(test::ulaw_to_pcm(got[i])), test::rms(test::ulaw_to_pcm(want)),
                test::rms(test::ulaw_to_pcm(want)) * 0.1)
        << i;
  }
}

}  // namespace
}  // namespace voxgate::agent
