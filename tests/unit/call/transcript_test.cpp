#include "call/transcript.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

TEST(TranscriptStreamed, CutTurnWithoutFinalTextKeepsWhatWasStreamed) {
  Transcript t;
  t.on_agent_delta("item_1", "Welcome to");
  t.on_agent_delta("item_1", " the long greeting");
  auto turn = t.on_agent_cut("item_1", 1000, 1000);
  ASSERT_TRUE(turn);
  EXPECT_TRUE(turn->interrupted);
  EXPECT_EQ(turn->text, "Welcome to the long greeting");
}

TEST(TranscriptStreamed, FinalTextWinsOverDeltas) {
  Transcript t;
  t.on_agent_delta("item_1", "Hel");
  t.on_agent_text("item_1", "Hello there");
  auto turn = t.on_agent_audio_over("item_1");
  ASSERT_TRUE(turn);
  EXPECT_EQ(turn->text, "Hello there");
}

TEST(TranscriptStreamed, FlushKeepsStreamedText) {
  Transcript t;
  t.on_agent_delta("item_9", "Partial words");
  auto turns = t.flush();
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].text, "Partial words");
}

}  // namespace
}  // namespace voxgate::call
