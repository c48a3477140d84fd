#include "net/connection_limiter.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "unit/net/limits_support.hpp"

namespace voxgate::net {
namespace {

using test::limits;

using boost::asio::ip::make_address;
using std::chrono::milliseconds;

class ConnectionLimiterTest : public ::testing::Test {
 protected:
  std::shared_ptr<ConnectionLimiter> make(ConnectionLimits l) {
    l.on_refused = [this](Refusal r) { refused_.push_back(r); };
    l.on_open = [this](int64_t d) { open_ += d; };
    return ConnectionLimiter::make(std::move(l), &clock_);
  }
  common::ManualClock clock_;
  std::vector<Refusal> refused_;
  int64_t open_ = 0;
  const boost::asio::ip::address a_ = make_address("10.0.0.1");
  const boost::asio::ip::address b_ = make_address("10.0.0.2");
};

TEST_F(ConnectionLimiterTest, TokenBucketPerIpWithRetryAfter) {
  auto lim = make(limits(0, 0, 2, 3));
  std::vector<ConnectionLimiter::Decision> kept;
  for (int i = 0; i < 3; ++i) {
    kept.push_back(lim->admit(a_));
    EXPECT_EQ(kept.back().refusal, Refusal::kNone);
  }
  auto d = lim->admit(a_);
  EXPECT_EQ(d.refusal, Refusal::kRate);
  EXPECT_EQ(d.retry_after, std::chrono::seconds(1));  // 0.5 s rounds up
  EXPECT_EQ(lim->admit(b_).refusal, Refusal::kNone);  // another IP has its own bucket
  clock_.advance(milliseconds(499));
  EXPECT_EQ(lim->admit(a_).refusal, Refusal::kRate);
  clock_.advance(milliseconds(2));
  EXPECT_EQ(lim->admit(a_).refusal, Refusal::kNone);
  EXPECT_EQ(refused_, (std::vector<Refusal>{Refusal::kRate, Refusal::kRate}));
}

TEST_F(ConnectionLimiterTest, SlowRateGivesALongerRetryAfter) {
  auto lim = make(limits(10000, 0, 0.25, 1));
  auto first = lim->admit(a_);
  EXPECT_EQ(lim->admit(a_).retry_after, std::chrono::seconds(4));
}

TEST_F(ConnectionLimiterTest, HandshakesInFlightPerIp) {
  auto lim = make(limits(10000, 2, 0, 400));
  auto one = lim->admit(a_);
  auto two = lim->admit(a_);
  EXPECT_EQ(lim->handshakes_in_flight(a_), 2u);
  auto three = lim->admit(a_);
  EXPECT_EQ(three.refusal, Refusal::kHandshakes);
  EXPECT_EQ(three.retry_after, std::chrono::seconds(1));
  // A finished handshake frees its slot; the connection stays open.
  one.lease->handshake_done();
  one.lease->handshake_done();  // idempotent
  EXPECT_EQ(lim->handshakes_in_flight(a_), 1u);
  EXPECT_EQ(lim->admit(a_).refusal, Refusal::kNone);
  EXPECT_EQ(lim->open_connections(), 2u);  // one and two (the last lease is gone)
  // A connection dropped mid-handshake frees both.
  two.lease.reset();
  EXPECT_EQ(lim->handshakes_in_flight(a_), 0u);
  EXPECT_EQ(lim->open_connections(), 1u);
  EXPECT_EQ(open_, 1);
}

TEST_F(ConnectionLimiterTest, TotalConnectionCap) {
  auto lim = make(limits(2, 0, 0, 400));
  auto one = lim->admit(a_);
  auto two = lim->admit(b_);
  auto three = lim->admit(make_address("10.0.0.3"));
  EXPECT_EQ(three.refusal, Refusal::kCapacity);
  ASSERT_TRUE(three.lease);  // answered 503, then released
  three.lease.reset();
  EXPECT_EQ(lim->open_connections(), 2u);
  one.lease.reset();
  EXPECT_EQ(lim->admit(a_).refusal, Refusal::kNone);
}

TEST_F(ConnectionLimiterTest, RefusalsBeingAnsweredAreBounded) {
  auto lim = make([] {
    auto l = limits(1, 64, 0, 400);
    l.max_refusing = 2;
    return l;
  }());
  auto held = lim->admit(a_);
  auto r1 = lim->admit(a_);
  auto r2 = lim->admit(a_);
  auto r3 = lim->admit(a_);
  EXPECT_TRUE(r1.lease && r2.lease);
  EXPECT_EQ(r3.refusal, Refusal::kOverload);
  EXPECT_FALSE(r3.lease);  // closed without an answer
  r1.lease.reset();
  EXPECT_EQ(lim->admit(a_).refusal, Refusal::kCapacity);
}

TEST_F(ConnectionLimiterTest, V4MappedAddressIsTheSameClient) {
  auto lim = make(limits(10000, 1, 0, 400));
  auto one = lim->admit(make_address("10.0.0.1"));
  EXPECT_EQ(lim->admit(make_address("::ffff:10.0.0.1")).refusal, Refusal::kHandshakes);
}

TEST_F(ConnectionLimiterTest, IdleIpsAreForgottenAndTheTableIsBounded) {
  auto lim = make([] {
    auto l = limits(10000, 4, 10, 10);
    l.max_tracked_ips = 2;
    return l;
  }());
  {
    auto d1 = lim->admit(a_);
    auto d2 = lim->admit(b_);
    EXPECT_EQ(lim->admit(make_address("10.0.0.3")).refusal, Refusal::kCapacity);
    d1.lease->handshake_done();  // bucket not yet full again: still tracked
    EXPECT_EQ(lim->tracked_ips(), 2u);
  }
  clock_.advance(milliseconds(100));  // buckets refilled, nothing in flight
  EXPECT_EQ(lim->admit(make_address("10.0.0.3")).refusal, Refusal::kNone);
  EXPECT_LE(lim->tracked_ips(), 2u);
}

}  // namespace
}  // namespace voxgate::net
