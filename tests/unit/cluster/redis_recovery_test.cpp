#include "cluster/redis_replay_set.hpp"
#include "redis_fixture.hpp"
#include "unix_millis_clock.hpp"

namespace voxgate::cluster::test {
namespace {

using RedisRecoveryTest = RedisTest;

TEST_F(RedisRecoveryTest, RedisDownFailsFastAndRecoversByItself) {
  UnixMillisClock clock;
  auto w = worker();
  RedisReplaySet set(*w, clock, prefix_);
  const int64_t expiry = clock.unix_ms() + 60000;
  ASSERT_TRUE(await<bool>([&](auto cb) { set.mark_once("before", expiry, cb); })->value());

  server_->stop();
  // The first command after the stop meets the closed connection; from then
  // on every command is refused at once, without touching the network.
  auto lost = await<bool>([&](auto cb) { set.mark_once("during1", expiry, cb); });
  ASSERT_TRUE(lost);
  ASSERT_FALSE(lost->ok());
  EXPECT_NE(lost->error().find("redis unavailable"), std::string::npos) << lost->error();
  EXPECT_FALSE(w->connected());

  const auto t0 = std::chrono::steady_clock::now();
  bool called_inline = false;
  std::string error;
  set.mark_once("during2", expiry, [&](ClusterResult<bool> r) {
    called_inline = true;
    if (!r) error = r.error();
  });
  EXPECT_TRUE(called_inline) << "a command while Redis is down must fail at once";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(50));
  EXPECT_NE(error.find("redis unavailable"), std::string::npos) << error;

  std::string start_error;
  ASSERT_TRUE(server_->start(start_error)) << start_error;
  ASSERT_TRUE(w->wait_connected(std::chrono::seconds(5))) << w->last_error();
  auto after = await<bool>([&](auto cb) { set.mark_once("after", expiry, cb); });
  ASSERT_TRUE(after && after->ok()) << (after ? after->error() : "timeout");
  EXPECT_TRUE(after->value());
}

}  // namespace
}  // namespace voxgate::cluster::test
