#include "cluster/redis_replay_set.hpp"

#include "redis_fixture.hpp"
#include "unix_millis_clock.hpp"

namespace voxgate::cluster::test {
namespace {

using RedisReplaySetTest = RedisTest;

std::optional<ClusterResult<bool>> mark(ReplaySet& set, const std::string& key, int64_t expiry) {
  return await<bool>([&](auto cb) { set.mark_once(key, expiry, cb); });
}

TEST_F(RedisReplaySetTest, AKeyIsGoodOnceAcrossInstances) {
  UnixMillisClock clock;
  auto wa = worker();
  auto wb = worker();
  RedisReplaySet a(*wa, clock, prefix_), b(*wb, clock, prefix_);
  const int64_t expiry = clock.unix_ms() + 60000;

  auto first = mark(a, "mac1", expiry);
  ASSERT_TRUE(first && first->ok()) << (first ? first->error() : "timeout");
  EXPECT_TRUE(first->value());
  auto again_on_b = mark(b, "mac1", expiry);
  ASSERT_TRUE(again_on_b && again_on_b->ok());
  EXPECT_FALSE(again_on_b->value());
  auto again_on_a = mark(a, "mac1", expiry);
  ASSERT_TRUE(again_on_a && again_on_a->ok());
  EXPECT_FALSE(again_on_a->value());
  auto other = mark(b, "mac2", expiry);
  ASSERT_TRUE(other && other->ok());
  EXPECT_TRUE(other->value());
}

TEST_F(RedisReplaySetTest, TheKeyLivesUntilTheTokensExpiry) {
  UnixMillisClock clock;
  auto w = worker();
  RedisReplaySet set(*w, clock, prefix_);
  ASSERT_TRUE(mark(set, "mac", clock.unix_ms() + 60000));
  const int64_t pttl = raw(*w, {"PTTL", prefix_ + "replay:mac"}).integer;
  EXPECT_GT(pttl, 50000);
  EXPECT_LE(pttl, 60000);
}

TEST_F(RedisReplaySetTest, AnExpiredKeyIsForgotten) {
  UnixMillisClock clock;
  auto w = worker();
  RedisReplaySet set(*w, clock, prefix_);
  const int64_t expiry = clock.unix_ms() + 60000;
  ASSERT_TRUE(mark(set, "mac", expiry)->value());
  // Expire it on the Redis side now rather than waiting a minute.
  raw(*w, {"PEXPIRE", prefix_ + "replay:mac", "1"});
  ASSERT_TRUE(wait_gone(*w, prefix_ + "replay:mac"));
  auto r = mark(set, "mac", expiry);
  ASSERT_TRUE(r && r->ok());
  EXPECT_TRUE(r->value());
}

}  // namespace
}  // namespace voxgate::cluster::test
