#include "bridge/caller_stall_guard.hpp"

#include <gtest/gtest.h>

namespace voxgate::bridge {
namespace {

using common::Millis;

TEST(CallerStallGuard, StallsOnlyAfterRefusalsLastTheTimeout) {
  CallerStallGuard g(Millis(1000));
  const common::TimePoint t0{};
  EXPECT_FALSE(g.stalled(t0));
  g.on_send(false, t0);
  g.on_send(false, t0 + Millis(500));  // still counted from the first refusal
  EXPECT_FALSE(g.stalled(t0 + Millis(999)));
  EXPECT_TRUE(g.stalled(t0 + Millis(1000)));
}

TEST(CallerStallGuard, AnAcceptedSendClearsTheStall) {
  CallerStallGuard g(Millis(1000));
  const common::TimePoint t0{};
  g.on_send(false, t0);
  g.on_send(true, t0 + Millis(900));
  EXPECT_FALSE(g.stalled(t0 + Millis(1500)));
  g.on_send(false, t0 + Millis(1600));
  EXPECT_FALSE(g.stalled(t0 + Millis(2500)));
  EXPECT_TRUE(g.stalled(t0 + Millis(2600)));
}

TEST(CallerStallGuard, StallsWhenQueuedWritesStopCompleting) {
  // The queue is not full (every send accepted), but the kernel's buffers
  // toward the caller are: the write in flight never completes.
  CallerStallGuard g(Millis(1000));
  const common::TimePoint t0{};
  g.on_tick(true, 7, t0);  // 7 writes done so far: progress since the start
  g.on_send(true, t0 + Millis(50));
  g.on_tick(true, 7, t0 + Millis(100));  // none since: blocked from here
  g.on_tick(true, 7, t0 + Millis(600));
  EXPECT_FALSE(g.stalled(t0 + Millis(1099)));
  EXPECT_TRUE(g.stalled(t0 + Millis(1100)));
}

TEST(CallerStallGuard, CompletedWritesOrAnEmptyQueueAreProgress) {
  CallerStallGuard g(Millis(1000));
  const common::TimePoint t0{};
  g.on_tick(true, 1, t0);
  g.on_tick(true, 2, t0 + Millis(900));  // a write completed: a slow reader, not a stuck one
  g.on_tick(true, 2, t0 + Millis(1800));
  EXPECT_FALSE(g.stalled(t0 + Millis(1800)));
  g.on_tick(false, 2, t0 + Millis(1850));  // drained
  g.on_tick(true, 2, t0 + Millis(1900));
  EXPECT_FALSE(g.stalled(t0 + Millis(2800)));
  EXPECT_TRUE(g.stalled(t0 + Millis(2900)));
}

}  // namespace
}  // namespace voxgate::bridge
