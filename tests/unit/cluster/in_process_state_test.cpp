#include <gtest/gtest.h>

#include "cluster/in_process_live_call_registry.hpp"
#include "cluster/in_process_replay_set.hpp"
#include "cluster/in_process_transfer_book.hpp"

namespace voxgate::cluster {
namespace {

int64_t ms(const common::Clock& c) {
  return std::chrono::duration_cast<common::Millis>(c.now().time_since_epoch()).count();
}

TEST(InProcessReplaySet, OnceUntilExpiry) {
  common::ManualClock clock;
  InProcessReplaySet set(clock);
  const int64_t expiry = ms(clock) + 1000;
  EXPECT_TRUE(set.mark_once("k", expiry));
  EXPECT_FALSE(set.mark_once("k", expiry));
  clock.advance(std::chrono::milliseconds(1000));
  EXPECT_TRUE(set.mark_once("k", expiry + 1000));
}

TEST(InProcessReplaySet, BoundedForgettingTheSoonestExpiring) {
  common::ManualClock clock;
  InProcessReplaySet set(clock, 2);
  const int64_t t = ms(clock);
  EXPECT_TRUE(set.mark_once("soon", t + 100));
  EXPECT_TRUE(set.mark_once("late", t + 900));
  EXPECT_TRUE(set.mark_once("third", t + 500));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_FALSE(set.mark_once("late", t + 900));
  EXPECT_TRUE(set.mark_once("soon", t + 100));  // forgotten when full
}

TEST(InProcessReplaySet, AsyncFormAnswersInLine) {
  common::ManualClock clock;
  InProcessReplaySet set(clock);
  int answers = 0;
  set.mark_once("k", ms(clock) + 10, [&](ClusterResult<bool> r) { answers += r.ok() && *r; });
  set.mark_once("k", ms(clock) + 10, [&](ClusterResult<bool> r) { answers += r.ok() && !*r; });
  EXPECT_EQ(answers, 2);
}

TEST(InProcessTransferBook, FindsUntilExpiry) {
  common::ManualClock clock;
  InProcessTransferBook book(clock, std::chrono::seconds(10), 2);
  book.add("CA1", "+1555");
  std::string found;
  book.find("CA1", [&](ClusterResult<std::string> r) { found = r.value(); });
  EXPECT_EQ(found, "+1555");
  clock.advance(std::chrono::seconds(10));
  EXPECT_FALSE(book.find("CA1"));
}

TEST(InProcessTransferBook, EntriesExpireAndAreBounded) {
  common::ManualClock clock;
  InProcessTransferBook book(clock, common::Millis(1000), 2);
  book.add("CA1", "+15550100");
  EXPECT_EQ(book.find("CA1"), "+15550100");
  EXPECT_EQ(book.find("CA1"), "+15550100");  // Twilio may retry the action
  EXPECT_FALSE(book.find("CA2"));
  clock.advance(common::Millis(500));
  book.add("CA2", "sip:a@b");
  book.add("CA3", "sip:c@d");  // full: CA1 (expiring first) goes
  EXPECT_FALSE(book.find("CA1"));
  EXPECT_EQ(book.size(), 2u);
  clock.advance(common::Millis(1000));
  EXPECT_FALSE(book.find("CA2"));
}

TEST(InProcessLiveCallRegistry, OwnerAndList) {
  InProcessLiveCallRegistry r;
  r.put(LiveCallEntry{"CA1", "me", "twilio", "+1", 1, "talking"}, {});
  std::string owner;
  r.owner_of("CA1", [&](ClusterResult<std::string> o) { owner = o.value(); });
  EXPECT_EQ(owner, "me");
  r.remove("CA1", {});
  r.owner_of("CA1", [&](ClusterResult<std::string> o) { owner = o.value(); });
  EXPECT_EQ(owner, "");
  size_t n = 1;
  r.list([&](ClusterResult<std::vector<LiveCallEntry>> l) { n = l->size(); });
  EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace voxgate::cluster
