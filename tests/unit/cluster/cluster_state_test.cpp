#include "cluster/cluster_state.hpp"

#include <unistd.h>

#include "redis_fixture.hpp"
#include "unix_millis_clock.hpp"

namespace voxgate::cluster::test {
namespace {

TEST(ClusterState, EmptyUrlKeepsTheStateInThisProcess) {
  UnixMillisClock clock;
  auto c = ClusterState::open({"", "pod-a"}, clock);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(c.value()->shared());
  EXPECT_EQ(c.value()->instance_id(), "pod-a");
  bool first = false;
  c.value()->replay_set().mark_once("k", clock.unix_ms() + 1000,
                                    [&](ClusterResult<bool> r) { first = r.ok() && *r; });
  EXPECT_TRUE(first);
}

TEST(ClusterState, ABadUrlIsAnError) {
  UnixMillisClock clock;
  auto c = ClusterState::open({"redis://:pw@host:99999", ""}, clock);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().find("pw"), std::string::npos);
}

TEST(ClusterState, TheDefaultInstanceIdIsHostNameAndPid) {
  UnixMillisClock clock;
  auto c = ClusterState::open({}, clock);
  ASSERT_TRUE(c.ok());
  const std::string pid = "-" + std::to_string(::getpid());
  const std::string id = c.value()->instance_id();
  ASSERT_GT(id.size(), pid.size());
  EXPECT_EQ(id.substr(id.size() - pid.size()), pid);
}

using ClusterStateRedisTest = RedisTest;

TEST_F(ClusterStateRedisTest, TwoInstancesShareTheReplaySet) {
  UnixMillisClock clock;
  auto a = ClusterState::open({server_->url(), "a", prefix_}, clock);
  auto b = ClusterState::open({server_->url(), "b", prefix_}, clock);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(a.value()->shared());
  ASSERT_TRUE(a.value()->worker()->wait_connected(std::chrono::seconds(5)));
  ASSERT_TRUE(b.value()->worker()->wait_connected(std::chrono::seconds(5)));
  const int64_t expiry = clock.unix_ms() + 60000;
  auto on_a = await<bool>([&](auto cb) { a.value()->replay_set().mark_once("m", expiry, cb); });
  auto on_b = await<bool>([&](auto cb) { b.value()->replay_set().mark_once("m", expiry, cb); });
  ASSERT_TRUE(on_a && on_a->ok() && on_b && on_b->ok());
  EXPECT_TRUE(on_a->value());
  EXPECT_FALSE(on_b->value());
}

}  // namespace
}  // namespace voxgate::cluster::test
