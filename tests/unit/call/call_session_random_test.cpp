// Property test: 2000 random event sequences (fixed seed) through the same
// decoder as fuzz/call_session_fuzz.cpp, invariants checked after each step.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "fakes/call/session_driver.hpp"

namespace voxgate::call {
namespace {

TEST(CallSessionRandom, InvariantsHoldOver2000Sequences) {
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<int> byte(0, 255);
  SessionStats total;
  std::size_t steps = 0, ended = 0;
  for (int run = 0; run < 2000; ++run) {
    auto next = [&] { return static_cast<uint8_t>(byte(rng)); };
    auto more = [] { return true; };
    auto report = testing::drive_session(next, more, 300);
    ASSERT_FALSE(report.violation) << "run " << run << ": " << *report.violation;
    steps += report.steps;
    ended += report.ended ? 1 : 0;
    total.caller_media_out += report.stats.caller_media_out;
    total.cancels += report.stats.cancels;
    total.dropped_cancelled += report.stats.dropped_cancelled;
    total.reconnects += report.stats.reconnects;
    total.fallbacks += report.stats.fallbacks;
    total.barge_ins += report.stats.barge_ins;
  }
  // The sequences must reach the interesting states, or the invariants
  // above prove nothing.
  EXPECT_GT(steps, 100000u);
  EXPECT_GT(ended, 100u);
  EXPECT_GT(total.caller_media_out, 10000u);
  EXPECT_GT(total.cancels, 100u);
  EXPECT_GT(total.dropped_cancelled, 100u);
  EXPECT_GT(total.barge_ins, 100u);
  EXPECT_GT(total.reconnects, 10u);
  EXPECT_GT(total.fallbacks, 10u);
  std::printf(
      "steps %zu ended %zu media %lu cancels %lu dropped_cancelled %lu barge_ins %lu "
      "reconnects %lu fallbacks %lu\n",
      steps, ended, static_cast<unsigned long>(total.caller_media_out),
      static_cast<unsigned long>(total.cancels),
      static_cast<unsigned long>(total.dropped_cancelled),
      static_cast<unsigned long>(total.barge_ins), static_cast<unsigned long>(total.reconnects),
      static_cast<unsigned long>(total.fallbacks));
}

}  // namespace
}  // namespace voxgate::call
