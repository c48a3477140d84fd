#include "common/result.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/clock.hpp"

namespace voxgate::common {
namespace {

enum class Err { kBad, kWorse };

Result<int, Err> parse(bool good) {
  if (good) return 42;
  return unexpected(Err::kWorse);
}

TEST(Result, HoldsValueOrError) {
  auto a = parse(true);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 42);
  auto b = parse(false);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), Err::kWorse);
}

TEST(Result, MovesValueOut) {
  Result<std::string, Err> r{std::string("payload")};
  std::string s = std::move(r).value();
  EXPECT_EQ(s, "payload");
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock;
  const auto t0 = clock.now();
  EXPECT_EQ(clock.now(), t0);
  clock.advance(Millis(20));
  EXPECT_DOUBLE_EQ(ms_between(t0, clock.now()), 20.0);
}

}  // namespace
}  // namespace voxgate::common
