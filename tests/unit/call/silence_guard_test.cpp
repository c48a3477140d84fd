// SilenceGuard alone: BEHAVIOUR 4 caller silence timeout, prompt once then
// end; silence counts only while the session says it may. Explicit time.
#include "call/silence_guard.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

using common::Millis;
using Verdict = SilenceGuard::Verdict;
const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
common::TimePoint at(int ms) {
  return t0 + Millis(ms);
}

TEST(SilenceGuard, PromptsOnceThenEndsAFullTimeoutLater) {
  SilenceGuard g(Millis(10000), true, t0);
  EXPECT_EQ(g.check(at(9999), true), Verdict::kWait);
  EXPECT_EQ(g.check(at(10000), true), Verdict::kPrompt);
  EXPECT_EQ(g.check(at(19999), true), Verdict::kWait);
  EXPECT_EQ(g.check(at(20000), true), Verdict::kEnd);
}

TEST(SilenceGuard, WithoutAPromptItEndsAtTheFirstTimeout) {
  SilenceGuard g(Millis(10000), false, t0);
  EXPECT_EQ(g.check(at(10000), true), Verdict::kEnd);
}

TEST(SilenceGuard, ZeroDisablesIt) {
  SilenceGuard g(Millis(0), true, t0);
  EXPECT_EQ(g.check(at(3600000), true), Verdict::kWait);
}

TEST(SilenceGuard, CountsOnlyWhileAllowedAndFromTheLastThingHeard) {
  SilenceGuard g(Millis(10000), false, t0);
  EXPECT_EQ(g.check(at(9000), false), Verdict::kWait);  // the AI is speaking: starts over
  EXPECT_EQ(g.check(at(18999), true), Verdict::kWait);
  g.on_heard(at(18000));
  EXPECT_EQ(g.check(at(27999), true), Verdict::kWait);
  EXPECT_EQ(g.check(at(28000), true), Verdict::kEnd);
}

TEST(SilenceGuard, TheCallerSpeakingEarnsANewPrompt) {
  SilenceGuard g(Millis(10000), true, t0);
  EXPECT_EQ(g.check(at(10000), true), Verdict::kPrompt);
  g.on_caller_active(at(12000));
  EXPECT_EQ(g.check(at(22000), true), Verdict::kPrompt);
  g.on_heard(at(23000));  // the AI heard: counts from here, no new prompt
  EXPECT_EQ(g.check(at(33000), true), Verdict::kEnd);
}

}  // namespace
}  // namespace voxgate::call
