#include "cluster/redis_live_call_registry.hpp"

#include <algorithm>

#include "redis_fixture.hpp"

namespace voxgate::cluster::test {
namespace {

using RedisLiveCallRegistryTest = RedisTest;

LiveCallEntry entry(const std::string& sid, const std::string& instance) {
  return LiveCallEntry{sid, instance, "twilio", "+15550001111", 1700000000000, "talking"};
}

void put(LiveCallRegistry& r, const LiveCallEntry& e) {
  auto done = await<bool>([&](auto cb) { r.put(e, cb); });
  ASSERT_TRUE(done && done->ok()) << (done ? done->error() : "timeout");
}

void remove(LiveCallRegistry& r, const std::string& sid) {
  auto done = await<bool>([&](auto cb) { r.remove(sid, cb); });
  ASSERT_TRUE(done && done->ok()) << (done ? done->error() : "timeout");
}

std::string owner(LiveCallRegistry& r, const std::string& sid) {
  auto o = await<std::string>([&](auto cb) { r.owner_of(sid, cb); });
  EXPECT_TRUE(o && o->ok()) << (o ? o->error() : "timeout");
  return o && o->ok() ? o->value() : "<error>";
}

std::vector<LiveCallEntry> listed(LiveCallRegistry& r) {
  auto l = await<std::vector<LiveCallEntry>>([&](auto cb) { r.list(cb); });
  EXPECT_TRUE(l && l->ok()) << (l ? l->error() : "timeout");
  auto out = l && l->ok() ? l->value() : std::vector<LiveCallEntry>{};
  std::sort(out.begin(), out.end(),
            [](const auto& x, const auto& y) { return x.call_sid < y.call_sid; });
  return out;
}

TEST_F(RedisLiveCallRegistryTest, EveryInstanceSeesEveryInstancesCalls) {
  auto wa = worker();
  auto wb = worker();
  RedisLiveCallRegistry a(*wa, prefix_), b(*wb, prefix_);
  put(a, entry("CA1", "A"));
  put(b, entry("CA2", "B"));

  EXPECT_EQ(owner(b, "CA1"), "A");
  EXPECT_EQ(owner(a, "CA2"), "B");
  EXPECT_EQ(owner(a, "CA3"), "");
  const auto all = listed(b);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], entry("CA1", "A"));
  EXPECT_EQ(all[1], entry("CA2", "B"));

  remove(a, "CA1");
  EXPECT_EQ(owner(b, "CA1"), "");
  EXPECT_EQ(listed(a).size(), 1u);
}

TEST_F(RedisLiveCallRegistryTest, ALiveCallIsRefreshedPastItsTtl) {
  auto w = worker();
  const auto ttl = std::chrono::milliseconds(300);
  RedisLiveCallRegistry r(*w, prefix_, ttl);
  put(r, entry("CA1", "A"));
  // Three TTLs later the entry is still there: the refresh renewed it.
  const auto until = std::chrono::steady_clock::now() + 3 * ttl;
  while (std::chrono::steady_clock::now() < until) {
    ASSERT_EQ(owner(r, "CA1"), "A");
  }
}

TEST_F(RedisLiveCallRegistryTest, ACrashedInstancesCallsExpire) {
  auto wa = worker();
  auto wb = worker();
  RedisLiveCallRegistry b(*wb, prefix_);
  {
    RedisLiveCallRegistry a(*wa, prefix_, std::chrono::milliseconds(300));
    put(a, entry("CA1", "A"));
    ASSERT_EQ(owner(b, "CA1"), "A");
    // Destroyed without remove(): its refresh stops, as in a crash.
  }
  ASSERT_TRUE(wait_gone(*wb, prefix_ + "call:CA1"));
  EXPECT_EQ(owner(b, "CA1"), "");
}

TEST_F(RedisLiveCallRegistryTest, AStoppingInstanceRemovesItsOwnCallsOnly) {
  auto wa = worker();
  auto wb = worker();
  RedisLiveCallRegistry a(*wa, prefix_), b(*wb, prefix_);
  put(a, entry("CA1", "A"));
  put(a, entry("CA2", "A"));
  put(b, entry("CB1", "B"));
  auto done = await<bool>([&](auto cb) { a.remove_mine(cb); });
  ASSERT_TRUE(done && done->ok()) << (done ? done->error() : "timeout");
  const auto left = listed(b);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].call_sid, "CB1");
  // Nothing left to refresh: the entries stay gone.
  a.refresh();
  EXPECT_EQ(owner(b, "CA1"), "");
}

TEST_F(RedisLiveCallRegistryTest, JunkUnderACallKeyIsNoCall) {
  auto w = worker();
  RedisLiveCallRegistry r(*w, prefix_);
  raw(*w, {"SET", prefix_ + "call:CAjunk", "{not json"});
  raw(*w, {"SET", prefix_ + "call:CAnull", "{\"call_sid\":null}"});
  EXPECT_EQ(owner(r, "CAjunk"), "");
  EXPECT_TRUE(listed(r).empty());
}

}  // namespace
}  // namespace voxgate::cluster::test
