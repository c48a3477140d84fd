#include "cluster/redis_url.hpp"

#include <gtest/gtest.h>

namespace voxgate::cluster {
namespace {

TEST(RedisUrl, HostPortPasswordAndDatabase) {
  auto e = parse_redis_url("redis://:s3cret@redis.internal:6380/2");
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e->host, "redis.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->user, "");
  EXPECT_EQ(e->password, "s3cret");
  EXPECT_EQ(e->db, 2);
  EXPECT_EQ(e->redacted(), "redis://redis.internal:6380/2");
}

TEST(RedisUrl, Defaults) {
  auto e = parse_redis_url("redis://10.0.0.5");
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e->port, 6379);
  EXPECT_EQ(e->db, 0);
  EXPECT_EQ(e->password, "");
}

TEST(RedisUrl, UserAndPassword) {
  auto e = parse_redis_url("redis://voxgate:pw@127.0.0.1:7000");
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e->user, "voxgate");
  EXPECT_EQ(e->password, "pw");
}

TEST(RedisUrl, BadUrlsAreRefusedWithoutEchoingThePassword) {
  for (const char* bad : {"", "http://h", "redis://", "redis://:pw@h/x", "redis://:pw@h:0",
                          "redis://:pw@h:99999", "redis://:pw@h/-1", "not a url"}) {
    auto e = parse_redis_url(bad);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().find("pw"), std::string::npos) << e.error();
  }
}

}  // namespace
}  // namespace voxgate::cluster
