#include "server/caller_stall_guard.hpp"

#include <gtest/gtest.h>

namespace voxgate::server {
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

}  // namespace
}  // namespace voxgate::server
