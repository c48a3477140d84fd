#include "agent/engine.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "agent/tts.hpp"

namespace voxgate::agent {
namespace {

const std::string kDental = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";

std::shared_ptr<SpeechCache> speech(const std::string& voice = "slt") {
  return std::make_shared<SpeechCache>(
      [tts = Tts(voice)](std::string_view text) { return tts.synthesize_ulaw8k(text); }, 16);
}

// Feeds mu-law in 20 ms Twilio-sized frames from *clock_ms on, collecting events.
struct Caller {
  explicit Caller(LocalAgentEngine& e) : engine(e) {}
  LocalAgentEngine& engine;
  int64_t clock_ms = 0;
  std::vector<audio::VadEvent> events;

  void send(const std::vector<uint8_t>& ulaw) {
    for (size_t off = 0; off < ulaw.size(); off += 160) {
      std::vector<uint8_t> frame(
          ulaw.begin() + static_cast<long>(off),
          ulaw.begin() + static_cast<long>(std::min(off + 160, ulaw.size())));
      frame.resize(160, 0xFF);  // pad the last frame with mu-law silence
      for (const auto& e : engine.push_caller_ulaw(frame, clock_ms)) events.push_back(e);
      clock_ms += 20;
    }
  }
  void silence(int ms) { send(std::vector<uint8_t>(static_cast<size_t>(ms) * 8, 0xFF)); }
};

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto spec = load_agent_spec(kDental);
    ASSERT_TRUE(spec) << spec.error().message;
    spec_ = std::make_shared<const AgentSpec>(std::move(spec).value());
    asr_ = AsrPool::build(*spec_, AsrConfig{}, 1);
  }
  static std::shared_ptr<const AgentSpec> spec_;
  static std::shared_ptr<AsrPool> asr_;
};
std::shared_ptr<const AgentSpec> EngineTest::spec_;
std::shared_ptr<AsrPool> EngineTest::asr_;

TurnResult say(LocalAgentEngine& engine, Caller& caller, const std::string& text) {
  const size_t before = caller.events.size();
  const int64_t start = caller.clock_ms;
  caller.send(Tts("rms").synthesize_ulaw8k(text));
  caller.silence(1000);
  EXPECT_EQ(caller.events.size(), before + 2) << text;
  if (caller.events.size() == before + 2) {
    EXPECT_EQ(caller.events[before].kind, audio::VadEvent::Kind::speech_started);
    EXPECT_EQ(caller.events[before + 1].kind, audio::VadEvent::Kind::speech_stopped);
    EXPECT_GE(caller.events[before].audio_start_ms, start);
  }
  EXPECT_TRUE(engine.has_pending_turn());
  TurnResult r = engine.recognise_and_reply();
  std::printf(
      "[engine] said \"%s\" -> heard \"%s\" (%.2f s, ASR %.3f s) -> intent '%s' -> \"%s\" (%.2f s "
      "audio, TTS %.3f s)%s\n",
      text.c_str(), r.transcript.c_str(), r.caller_audio_s, r.asr_s, r.turn.intent.c_str(),
      r.turn.reply.c_str(), static_cast<double>(r.reply_ulaw.size()) / 8000.0, r.tts_s,
      r.turn.end_call ? " [end_call]" : "");
  return r;
}

TEST_F(EngineTest, GreetingAudio) {
  const auto t0 = std::chrono::steady_clock::now();
  LocalAgentEngine engine(spec_, asr_, speech());
  std::printf("[engine] construction (decoders are the pool's): %.3f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  const auto audio = engine.speak(engine.greeting_text());
  EXPECT_GT(audio->size(), 8000u * 2);
  EXPECT_NE(engine.greeting_text().find("Bright Smile"), std::string::npos);
  EXPECT_FALSE(engine.recognise_and_reply().had_turn);
}

TEST_F(EngineTest, BookingCallEndToEndThroughMuLaw) {
  LocalAgentEngine engine(spec_, asr_, speech());
  Caller caller(engine);
  caller.silence(500);
  EXPECT_TRUE(caller.events.empty());

  TurnResult r = say(engine, caller, "i would like to book an appointment");
  ASSERT_TRUE(r.had_turn);
  EXPECT_EQ(r.transcript, "i would like to book an appointment");
  EXPECT_EQ(r.turn.intent, "book");
  EXPECT_GT(r.reply_ulaw.size(), 8000u);
  EXPECT_EQ(engine.dialogue().current_state(), "day");

  r = say(engine, caller, "on wednesday");
  EXPECT_EQ(r.transcript, "on wednesday");
  EXPECT_EQ(r.turn.slots["day"], "wednesday");

  r = say(engine, caller, "in the afternoon");
  EXPECT_EQ(r.transcript, "in the afternoon");

  r = say(engine, caller, "yes please");
  EXPECT_EQ(r.turn.intent, "yes");
  EXPECT_TRUE(r.turn.end_call);
  EXPECT_NE(r.turn.reply.find("wednesday in the afternoon"), std::string::npos);
  EXPECT_FALSE(engine.has_pending_turn());
}

TEST_F(EngineTest, GoodbyeEndsCall) {
  LocalAgentEngine engine(spec_, asr_, speech("kal16"));
  Caller caller(engine);
  caller.silence(300);
  TurnResult r = say(engine, caller, "no thank you goodbye");
  EXPECT_EQ(r.transcript, "no thank you goodbye");
  EXPECT_TRUE(r.turn.end_call);
}

TEST_F(EngineTest, OddFrameSizesGiveSameTiming) {
  LocalAgentEngine engine(spec_, asr_, speech());
  // 1 s silence, 1 s of loud mu-law-coded noise-like speech stand-in from TTS, 1 s silence,
  // sent in 7 ms pieces to exercise re-framing.
  std::vector<uint8_t> all(8000, 0xFF);
  auto speech = Tts("rms").synthesize_ulaw8k("can i speak to a person");
  all.insert(all.end(), speech.begin(), speech.end());
  all.insert(all.end(), 8000, 0xFF);
  std::vector<audio::VadEvent> events;
  for (size_t off = 0; off < all.size(); off += 56) {
    const auto n = std::min<size_t>(56, all.size() - off);
    for (const auto& e :
         engine.push_caller_ulaw(std::span(all).subspan(off, n), static_cast<int64_t>(off / 8))) {
      events.push_back(e);
    }
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_GE(events[0].audio_start_ms, 1000);
  EXPECT_LE(events[1].audio_end_ms, 1000 + static_cast<int64_t>(speech.size() / 8) + 20);
  EXPECT_EQ(engine.recognise_and_reply().transcript, "can i speak to a person");
}

}  // namespace
}  // namespace voxgate::agent
