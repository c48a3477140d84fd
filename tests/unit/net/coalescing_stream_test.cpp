// CoalescingStream under WsConnection (plain ws://): frames queued in one
// strand turn arrive whole and in order, masked client-side, at every length
// encoding of RFC 6455 5.2; a close queued behind data frames follows them.
#include "net/coalescing_stream.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net_fixture.hpp"

namespace voxgate::net::test {
namespace {

TEST_F(LoopbackServer, QueuedFramesArriveWholeAndInOrderAtEveryLength) {
  start();  // the server echoes "echo:" + text; its read limit is 64 KiB
  ClientOptions opts = client_opts(ws_url());
  opts.ws.read_message_max = 1 << 20;
  auto r = connect(opts);
  ASSERT_TRUE(r.ok());
  auto conn = *r;
  ClientLog log;
  conn->start(log.handlers());
  // 7-bit, 16-bit and 64-bit payload lengths, and their edges.
  const std::vector<std::size_t> sizes = {0, 1, 7, 125, 126, 127, 1000, 65535, 65536};
  std::vector<std::string> sent;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    std::string s(sizes[i], static_cast<char>('a' + i));
    if (!s.empty()) s[0] = '0' + static_cast<char>(i);
    sent.push_back(s);
    ASSERT_TRUE(conn->send(s));
  }
  EXPECT_EQ(conn->queued(), sizes.size());  // one strand turn: nothing written yet
  ASSERT_TRUE(
      run_until(io_, [&] { return log.texts.size() == sizes.size() || !log.closes.empty(); }));
  ASSERT_EQ(log.texts.size(), sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) EXPECT_EQ(log.texts[i], "echo:" + sent[i]) << i;
  EXPECT_EQ(conn->queued(), 0u);
  EXPECT_EQ(conn->stats().messages_out, sizes.size());
  EXPECT_TRUE(log.closes.empty());
  // Close both ends: the fixture's server handler holds its connection until
  // it closes.
  conn->close();
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty() && !server_closes_.empty(); }));
}

TEST_F(LoopbackServer, CloseQueuedBehindDataFollowsIt) {
  start();
  auto r = connect(client_opts(ws_url()));
  ASSERT_TRUE(r.ok());
  auto conn = *r;
  ClientLog log;
  conn->start(log.handlers());
  ASSERT_TRUE(conn->send("one"));
  ASSERT_TRUE(conn->send("two"));
  conn->close(1000, "done");
  EXPECT_FALSE(conn->send("late"));
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty() && !server_closes_.empty(); }));
  EXPECT_EQ(server_closes_[0].kind, CloseInfo::Kind::kNormal);
  EXPECT_EQ(server_closes_[0].reason, "done");
  EXPECT_EQ(log.closes[0].kind, CloseInfo::Kind::kLocal);
  EXPECT_EQ(conn->stats().messages_out, 2u);
}

}  // namespace
}  // namespace voxgate::net::test
