#include "agent/asr_pool.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "audio/resampler.hpp"
#include "agent/tts.hpp"
#include "unit/agent/test_audio.hpp"

namespace voxgate::agent {
namespace {

const std::string kDental = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";

std::vector<int16_t> phone_line(const std::string& text) {
  const auto pcm8k = test::ulaw_to_pcm(Tts("rms").synthesize_ulaw8k(text));
  audio::Resampler up(8000, 16000);
  auto pcm16k = up.process(pcm8k);
  up.flush(pcm16k);
  return pcm16k;
}

std::shared_ptr<const AgentSpec> dental() {
  auto spec = load_agent_spec(kDental);
  EXPECT_TRUE(spec) << spec.error().message;
  return std::make_shared<const AgentSpec>(std::move(spec).value());
}

TEST(AsrPool, DecodersAreLentOutOnceAtATimeAndReused) {
  const auto spec = dental();
  WorkerPool workers(2);
  auto pool = AsrPool::build(*spec, AsrConfig{}, 2, &workers);
  ASSERT_EQ(pool->size(), 2u);
  std::set<const Asr*> seen;
  {
    auto a = pool->acquire();
    auto b = pool->acquire();
    EXPECT_NE(&*a, &*b);
    seen = {&*a, &*b};
  }
  for (int i = 0; i < 4; ++i) {
    auto c = pool->acquire();
    EXPECT_EQ(seen.count(&*c), 1u) << "a lent decoder came back and is lent again";
  }
}

// Every decoder has every state's grammar: a decoder switched from one
// state's grammar to another's recognises each state's phrases.
TEST(AsrPool, EveryDecoderKnowsEveryStateGrammar) {
  const auto spec = dental();
  auto pool = AsrPool::build(*spec, AsrConfig{}, 1);
  auto asr = pool->acquire();
  ASSERT_TRUE(asr->use_grammar("start"));
  EXPECT_EQ(asr->recognise(phone_line("i would like to book an appointment")),
            "i would like to book an appointment");
  ASSERT_TRUE(asr->use_grammar("day"));
  EXPECT_EQ(asr->recognise(phone_line("on wednesday")), "on wednesday");
}

// Calls recognise in parallel, each on its own decoder, and each gets its own words.
TEST(AsrPool, ParallelTurnsOnPooledDecodersEachGetTheirOwnWords) {
  const auto spec = dental();
  WorkerPool workers(2);
  auto pool = AsrPool::build(*spec, AsrConfig{}, 2, &workers);
  const std::vector<std::string> lines{"i would like to book an appointment",
                                       "can i speak to a person", "no thank you goodbye",
                                       "can i talk to someone"};
  std::vector<std::vector<int16_t>> audio;
  for (const auto& l : lines) audio.push_back(phone_line(l));
  std::vector<std::string> heard(lines.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < lines.size(); ++i) {
    threads.emplace_back([&, i] {
      auto asr = pool->acquire();  // four threads, two decoders: two wait
      (void)asr->use_grammar("start");
      heard[i] = asr->recognise(audio[i]);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(heard, lines);
}

TEST(AsrPool, PhraseWordMissingFromDictionaryNamesTheState) {
  auto spec = parse_agent_spec(R"(greeting = "g"
fallback = "x"
[[states]]
name = "odd"
  [[states.intents]]
  name = "w"
  phrases = ["zzqxv please"]
  reply = "ok"
)");
  ASSERT_TRUE(spec);
  try {
    AsrPool::build(*spec, AsrConfig{}, 2);
    FAIL() << "expected a rejected grammar";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("agent state 'odd'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace voxgate::agent
