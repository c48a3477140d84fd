// PendingSay alone: what the call-control API asked the agent to say before
// the AI leg was ready, joined, bounded, and taken once.
#include "call/pending_say.hpp"

#include <gtest/gtest.h>

#include <string>

namespace voxgate::call {
namespace {

TEST(PendingSay, JoinsTextsAndIsTakenOnce) {
  PendingSay say;
  EXPECT_TRUE(say.empty());
  EXPECT_FALSE(say.take().has_value());
  EXPECT_TRUE(say.add("one"));
  EXPECT_TRUE(say.add("two"));
  EXPECT_EQ(say.take(), "one two");
  EXPECT_TRUE(say.empty());
}

TEST(PendingSay, BoundedInCharacters) {
  PendingSay say;
  EXPECT_TRUE(say.add(std::string(PendingSay::kMaxChars - 1, 'a')));
  EXPECT_FALSE(say.add("bb"));  // would pass the bound: refused, nothing kept
  EXPECT_EQ(say.take()->size(), PendingSay::kMaxChars - 1);
}

}  // namespace
}  // namespace voxgate::call
