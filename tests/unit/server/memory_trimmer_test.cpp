#include "server/memory_trimmer.hpp"

#include <gtest/gtest.h>

namespace voxgate::server {
namespace {

using common::Millis;

TEST(MemoryTrimPolicy, NeverTrimsAServerThatCarriedNoMedia) {
  MemoryTrimPolicy p(Millis(60000));
  const common::TimePoint t0{};
  EXPECT_FALSE(p.due(t0, 0, 0));
  EXPECT_FALSE(p.due(t0 + std::chrono::hours(5), 0, 0));
}

TEST(MemoryTrimPolicy, TrimsAtMostOncePerIntervalWhileCallsAreLive) {
  MemoryTrimPolicy p(Millis(60000));
  const common::TimePoint t0{};
  ASSERT_TRUE(p.due(t0, 300, 1000));
  p.trimmed(t0, 1000);
  EXPECT_FALSE(p.due(t0 + Millis(59999), 300, 5000));
  EXPECT_TRUE(p.due(t0 + Millis(60000), 300, 5000));
}

TEST(MemoryTrimPolicy, TrimsOnceAsSoonAsTheLastCallHasEnded) {
  MemoryTrimPolicy p(Millis(60000));
  const common::TimePoint t0{};
  p.trimmed(t0, 1000);
  // Within the interval, but every call is over: their memory is all free.
  EXPECT_TRUE(p.due(t0 + Millis(5000), 0, 2000));
  p.trimmed(t0 + Millis(5000), 2000);
  // Idle from then on: no media since that trim, so no more trims.
  EXPECT_FALSE(p.due(t0 + Millis(10000), 0, 2000));
  EXPECT_FALSE(p.due(t0 + std::chrono::hours(1), 0, 2000));
}

// The trimmer asks its inputs on its timer, trims and reports how long it
// took; the test's on_trim ends the loop (no sleeping: the 1 ms timer fires).
TEST(MemoryTrimmer, TrimsWhenTheCallsAreOverAndReportsTheTime) {
  boost::asio::io_context io;
  int trims = 0;
  double seconds = -1;
  MemoryTrimmer t(io, Millis(60000), Millis(1),
                  {[] { return int64_t{0}; }, [] { return uint64_t{42}; },
                   [&](double s) {
                     ++trims;
                     seconds = s;
                     io.stop();
                   }});
  t.start();
  io.run();
  EXPECT_EQ(trims, 1);
  EXPECT_GE(seconds, 0.0);
  EXPECT_LT(seconds, 1.0);
}

}  // namespace
}  // namespace voxgate::server
