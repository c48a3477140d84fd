#include "cluster/redis_transfer_book.hpp"

#include "redis_fixture.hpp"

namespace voxgate::cluster::test {
namespace {

using RedisTransferBookTest = RedisTest;

std::optional<ClusterResult<std::string>> find(TransferBook& book, const std::string& sid) {
  return await<std::string>([&](auto cb) { book.find(sid, cb); });
}

TEST_F(RedisTransferBookTest, ATransferOnOneInstanceIsReadOnAnother) {
  auto wa = worker();
  auto wb = worker();
  RedisTransferBook a(*wa, prefix_), b(*wb, prefix_);
  auto added = await<bool>([&](auto cb) { a.add("CA1", "+15550001111", cb); });
  ASSERT_TRUE(added && added->ok()) << (added ? added->error() : "timeout");

  auto found = find(b, "CA1");
  ASSERT_TRUE(found && found->ok());
  EXPECT_EQ(found->value(), "+15550001111");
  // Read again: Twilio may retry the action request.
  EXPECT_EQ(find(b, "CA1")->value(), "+15550001111");
  auto unknown = find(b, "CA2");
  ASSERT_TRUE(unknown && unknown->ok());
  EXPECT_EQ(unknown->value(), "");
}

TEST_F(RedisTransferBookTest, EntriesExpire) {
  auto w = worker();
  RedisTransferBook book(*w, prefix_, std::chrono::milliseconds(200));
  ASSERT_TRUE(await<bool>([&](auto cb) { book.add("CA1", "sip:desk@example.com", cb); }));
  const int64_t pttl = raw(*w, {"PTTL", prefix_ + "transfer:CA1"}).integer;
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 200);
  ASSERT_TRUE(wait_gone(*w, prefix_ + "transfer:CA1"));
  EXPECT_EQ(find(book, "CA1")->value(), "");
}

TEST_F(RedisTransferBookTest, AnEmptyCallSidIsNotStored) {
  auto w = worker();
  RedisTransferBook book(*w, prefix_);
  auto added = await<bool>([&](auto cb) { book.add("", "+1555", cb); });
  ASSERT_TRUE(added && added->ok());
  EXPECT_FALSE(added->value());
}

}  // namespace
}  // namespace voxgate::cluster::test
