#include "agent/speech_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "agent/dialogue.hpp"

namespace voxgate::agent {
namespace {

// A synthesiser that counts its calls per text; the "audio" is the text's bytes.
struct CountingSynth {
  std::mutex mu;
  std::map<std::string, int> calls;
  int total() {
    std::lock_guard lock(mu);
    int n = 0;
    for (const auto& [_, c] : calls) n += c;
    return n;
  }
  SpeechCache::Synthesize fn() {
    return [this](std::string_view text) {
      std::lock_guard lock(mu);
      ++calls[std::string(text)];
      return std::vector<uint8_t>(text.begin(), text.end());
    };
  }
};

std::string as_text(const SpeechCache::Audio& a) {
  return a ? std::string(a->begin(), a->end()) : std::string("<null>");
}

TEST(SpeechCache, PinnedLineIsSynthesisedOnceAndServedFromMemory) {
  CountingSynth synth;
  SpeechCache cache(synth.fn(), 4);
  cache.pin("hello");
  EXPECT_EQ(as_text(cache.find("hello")), "hello");
  EXPECT_EQ(as_text(cache.get("hello")), "hello");
  cache.pin("hello");
  EXPECT_EQ(synth.total(), 1);
  EXPECT_EQ(cache.stats().pinned, 1u);
}

TEST(SpeechCache, FindNeverSynthesises) {
  CountingSynth synth;
  SpeechCache cache(synth.fn(), 4);
  EXPECT_EQ(cache.find("monday, great"), nullptr);
  EXPECT_EQ(synth.total(), 0);
}

TEST(SpeechCache, SlotFilledLinesAreKeptLeastRecentlyUsedFirstOut) {
  CountingSynth synth;
  SpeechCache cache(synth.fn(), 2);
  cache.pin("greeting");
  cache.get("a");
  cache.get("b");
  cache.get("a");  // a is now the most recent: b goes first
  cache.get("c");
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(as_text(cache.find("a")), "a");
  EXPECT_EQ(as_text(cache.find("c")), "c");
  // Pinned lines do not count against the bound and are never evicted.
  EXPECT_EQ(as_text(cache.find("greeting")), "greeting");
  const auto s = cache.stats();
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(s.unpinned, 2u);
  EXPECT_EQ(s.pinned, 1u);
  cache.get("b");  // evicted, so synthesised again
  EXPECT_EQ(synth.calls["b"], 2);
  EXPECT_EQ(synth.calls["a"], 1);
}

TEST(SpeechCache, PinningACachedLineTakesItOutOfTheBound) {
  CountingSynth synth;
  SpeechCache cache(synth.fn(), 1);
  cache.get("a");
  cache.pin("a");
  cache.get("b");
  cache.get("c");
  EXPECT_EQ(as_text(cache.find("a")), "a");
  EXPECT_EQ(synth.calls["a"], 1);
}

// Many calls wanting the same new line at once cost one synthesis.
TEST(SpeechCache, ConcurrentRequestsForOneTextShareOneSynthesis) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> calls{0};
  SpeechCache cache(
      [&](std::string_view text) {
        ++calls;
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return release; });
        return std::vector<uint8_t>(text.begin(), text.end());
      },
      4);
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = as_text(cache.get("tuesday, great")); });
  }
  // The first caller is inside the synthesiser; the rest wait on its result.
  while (calls.load() == 0) std::this_thread::yield();
  EXPECT_EQ(cache.find("tuesday, great"), nullptr);  // not ready: find does not block
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  for (const auto& g : got) EXPECT_EQ(g, "tuesday, great");
}

TEST(SpeechCache, AFailedSynthesisIsNotRemembered) {
  int calls = 0;
  SpeechCache cache(
      [&](std::string_view text) {
        if (++calls == 1) throw std::runtime_error("synth failed");
        return std::vector<uint8_t>(text.begin(), text.end());
      },
      4);
  EXPECT_THROW(cache.get("x"), std::runtime_error);
  EXPECT_EQ(cache.find("x"), nullptr);
  EXPECT_EQ(as_text(cache.get("x")), "x");
  EXPECT_EQ(calls, 2);
}

TEST(DialogueFixedLines, EveryLineWithoutASlotOnceAndNoSlotFilledOne) {
  AgentSpec spec;
  spec.greeting = "Hello.";
  spec.fallback = "Sorry?";
  StateSpec a{"a", "Which day?", {}};
  a.intents.push_back({"book", {"book"}, {}, "{day}, great.", "b", false, ""});
  a.intents.push_back({"bye", {"bye"}, {}, "Goodbye!", "", true, ""});
  StateSpec b{"b", "Shall I book {day}?", {}};
  b.intents.push_back({"no", {"no"}, {}, "Goodbye!", "", true, ""});
  StateSpec c{"c", "", {}};
  spec.states = {a, b, c};
  spec.start_state = "a";
  const auto lines = Dialogue::fixed_lines(spec);
  const std::vector<std::string> want{"Hello.", "Which day?", "Sorry? Which day?", "Goodbye!",
                                      "Sorry?"};
  EXPECT_EQ(lines, want);
}

}  // namespace
}  // namespace voxgate::agent
