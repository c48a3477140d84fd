#include "net/backoff.hpp"

#include <gtest/gtest.h>

namespace voxgate::net {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyWithinJitterAndCaps) {
  Backoff b(
      {.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 2.0, .jitter = 0.2},
      42);
  const double bases[] = {100, 200, 400, 800, 1000, 1000};
  for (double base : bases) {
    const auto d = b.next().count();
    EXPECT_GE(d, static_cast<int64_t>(base * 0.8) - 1);
    EXPECT_LE(d, std::min<int64_t>(1000, static_cast<int64_t>(base * 1.2)));
  }
  EXPECT_EQ(b.attempts(), 6u);
  b.reset();
  EXPECT_EQ(b.attempts(), 0u);
  EXPECT_LE(b.next().count(), 120);
}

TEST(Backoff, SameSeedSameDelaysDifferentSeedDiffers) {
  Backoff a({}, 7), b({}, 7), c({}, 8);
  bool differs = false;
  for (int i = 0; i < 8; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Backoff, NoJitterIsExact) {
  Backoff b(
      {.initial = milliseconds(50), .max = milliseconds(300), .multiplier = 3.0, .jitter = 0.0});
  EXPECT_EQ(b.next(), milliseconds(50));
  EXPECT_EQ(b.next(), milliseconds(150));
  EXPECT_EQ(b.next(), milliseconds(300));
}

}  // namespace
}  // namespace voxgate::net
