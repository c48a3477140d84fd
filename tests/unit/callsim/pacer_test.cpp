#include "callsim/pacer.hpp"

#include <gtest/gtest.h>

namespace voxgate::callsim {
namespace {

using std::chrono::milliseconds;
const common::TimePoint kT0 = common::TimePoint{} + std::chrono::hours(1);

TEST(PacerTest, DeadlinesAreAbsoluteEveryTwentyMilliseconds) {
  Pacer p(kT0, 3);
  EXPECT_EQ(p.next_chunk(), 1u);
  EXPECT_EQ(p.next_timestamp_ms(), 0u);
  EXPECT_EQ(p.next_deadline(), kT0 + milliseconds(20));
  EXPECT_EQ(p.deadline(3), kT0 + milliseconds(60));
}

TEST(PacerTest, LateSendsDoNotShiftLaterDeadlines) {
  Pacer p(kT0, 100);
  // Frame 1 goes out 7 ms late; frame 2 is still due at 40 ms, not 47.
  EXPECT_EQ(p.sent(kT0 + milliseconds(27)), milliseconds(7));
  EXPECT_EQ(p.next_deadline(), kT0 + milliseconds(40));
  EXPECT_EQ(p.next_chunk(), 2u);
  EXPECT_EQ(p.next_timestamp_ms(), 20u);
  // Early wake-ups count as zero lag.
  EXPECT_EQ(p.sent(kT0 + milliseconds(39)), milliseconds(0));
  // After a 100 ms stall, the frames due are already past: they go back to back.
  const auto stalled = kT0 + milliseconds(160);
  int burst = 0;
  while (p.next_deadline() <= stalled) {
    p.sent(stalled);
    ++burst;
  }
  EXPECT_EQ(burst, 6);  // frames 3..8, due at 60..160 ms
  EXPECT_EQ(p.next_deadline(), kT0 + milliseconds(180));
}

TEST(PacerTest, DoneAfterTotalFrames) {
  Pacer p(kT0, 2);
  EXPECT_FALSE(p.done());
  p.sent(kT0 + milliseconds(20));
  EXPECT_FALSE(p.done());
  p.sent(kT0 + milliseconds(40));
  EXPECT_TRUE(p.done());
}

}  // namespace
}  // namespace voxgate::callsim
