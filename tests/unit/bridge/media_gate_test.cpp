// MediaGate (BEHAVIOUR 0): unadmitted sockets are capped per client address,
// admitted calls against capacity, and the two are counted apart.
#include "bridge/media_gate.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace voxgate::bridge {
namespace {

const auto kA = boost::asio::ip::make_address("192.0.2.1");
const auto kB = boost::asio::ip::make_address("192.0.2.2");

TEST(MediaGate, CapsUnadmittedSocketsPerAddress) {
  MediaGate gate({100, 3});
  std::vector<std::unique_ptr<MediaGate::Ticket>> a;
  for (int i = 0; i < 3; ++i) a.push_back(gate.open(kA));
  for (const auto& t : a) ASSERT_TRUE(t);
  EXPECT_FALSE(gate.open(kA));  // a fourth from the same address
  EXPECT_TRUE(gate.open(kB));   // another address is not affected
  EXPECT_EQ(gate.unadmitted(), 3u);
}

TEST(MediaGate, AdmittedCallsNoLongerCountTowardTheirAddress) {
  MediaGate gate({100, 1});
  auto first = gate.open(kA);
  ASSERT_TRUE(first);
  EXPECT_FALSE(gate.open(kA));
  ASSERT_TRUE(first->admit());
  auto second = gate.open(kA);
  EXPECT_TRUE(second);
  EXPECT_EQ(gate.admitted(), 1u);
  EXPECT_EQ(gate.unadmitted(), 1u);
}

TEST(MediaGate, CapacityCountsAdmittedOnly) {
  MediaGate gate({1, 10});
  auto one = gate.open(kA);
  auto two = gate.open(kB);
  ASSERT_TRUE(one && two);
  EXPECT_TRUE(one->admit());
  EXPECT_FALSE(two->admit());  // at capacity: stays unadmitted
  EXPECT_FALSE(two->admitted());
  one.reset();  // the call ended: its place is free again
  EXPECT_TRUE(two->admit());
  EXPECT_EQ(gate.admitted(), 1u);
  EXPECT_EQ(gate.unadmitted(), 0u);
}

TEST(MediaGate, ReleasingFreesBothCounts) {
  MediaGate gate({10, 10});
  {
    auto t = gate.open(kA);
    auto u = gate.open(kA);
    ASSERT_TRUE(u->admit());
  }
  EXPECT_EQ(gate.admitted(), 0u);
  EXPECT_EQ(gate.unadmitted(), 0u);
}

}  // namespace
}  // namespace voxgate::bridge
