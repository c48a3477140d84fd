#include "agent/asr.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "audio/resampler.hpp"
#include "agent/tts.hpp"
#include "unit/agent/test_audio.hpp"

namespace voxgate::agent {
namespace {

constexpr const char* kGrammar = R"(#JSGF V1.0;
grammar test;
public <utt> = i would like to book an appointment
             | can i speak to a person
             | no thank you goodbye
             | i want to cancel my appointment
             | what are your opening hours;
)";

// What a caller's line sounds like after the phone network: 8 kHz mu-law,
// decoded and upsampled to the recogniser's 16 kHz.
std::vector<int16_t> phone_line(const std::string& text, const char* voice) {
  const auto ulaw = Tts(voice).synthesize_ulaw8k(text);
  const auto pcm8k = test::ulaw_to_pcm(ulaw);
  audio::Resampler up(8000, 16000);
  auto pcm16k = up.process(pcm8k);
  up.flush(pcm16k);
  return pcm16k;
}

class AsrTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    asr_ = new Asr();
    ASSERT_TRUE(asr_->set_grammar("test", kGrammar));
    ASSERT_TRUE(asr_->use_grammar("test"));
  }
  static void TearDownTestSuite() {
    delete asr_;
    asr_ = nullptr;
  }
  static std::string recognise_timed(const std::string& text, const char* voice) {
    const auto pcm = phone_line(text, voice);
    const auto t0 = std::chrono::steady_clock::now();
    std::string hyp = asr_->recognise(pcm);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double seconds = static_cast<double>(pcm.size()) / 16000.0;
    std::printf("[asr] voice %-5s said \"%s\" -> \"%s\" (%.2f s audio, %.3f s, RTF %.3f)\n", voice,
                text.c_str(), hyp.c_str(), seconds, wall, wall / seconds);
    return hyp;
  }
  static Asr* asr_;
};
Asr* AsrTest::asr_ = nullptr;

TEST_F(AsrTest, BookAppointmentThroughPhoneLine) {
  EXPECT_EQ(recognise_timed("i would like to book an appointment", "rms"),
            "i would like to book an appointment");
}

TEST_F(AsrTest, NoThankYouGoodbyeThroughPhoneLine) {
  EXPECT_EQ(recognise_timed("no thank you goodbye", "rms"), "no thank you goodbye");
}

TEST_F(AsrTest, SpeakToPersonWithKal16) {
  EXPECT_EQ(recognise_timed("can i speak to a person", "kal16"), "can i speak to a person");
}

TEST_F(AsrTest, StreamingFeedInFramesGivesSameResult) {
  const auto pcm = phone_line("no thank you goodbye", "rms");
  // Streaming uses live CMN, which starts from the model's default mean and
  // settles after one utterance; a fresh decoder (ctest runs each test in its
  // own process) misses the first streamed turn, so warm it with one turn.
  asr_->recognise(pcm);
  ASSERT_TRUE(asr_->start_utterance());
  for (size_t off = 0; off < pcm.size(); off += 320) {
    asr_->feed(std::span<const int16_t>(pcm).subspan(off, std::min<size_t>(320, pcm.size() - off)));
  }
  EXPECT_EQ(asr_->end_utterance(), "no thank you goodbye");
}

TEST_F(AsrTest, SilenceGivesEmptyHypothesis) {
  EXPECT_EQ(asr_->recognise(test::silence(16000, 1000)), "");
}

TEST(Asr, RejectsGrammarWithWordMissingFromDictionary) {
  Asr asr;
  auto r = asr.set_grammar("bad", "#JSGF V1.0;\ngrammar bad;\npublic <u> = hello zzqxv;\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), AsrError::grammar_rejected);
  EXPECT_FALSE(asr.use_grammar("never_set"));
}

}  // namespace
}  // namespace voxgate::agent
