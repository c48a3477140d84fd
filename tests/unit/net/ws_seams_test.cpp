// WsConnection's two hooks for fault injection (fakeai): abort() drops the
// TCP connection without a close frame; stop_reading() leaves pings
// unanswered yet still notices the peer leaving. Real loopback sockets.
#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>

#include "net_fixture.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

class WsSeamsTest : public LoopbackServer {
 protected:
  // A connected client (client_) and the server's side of it (server_conn_).
  void connect_pair(ClientOptions opts) {
    auto router = std::make_shared<Router>();
    router->add_websocket("/ws", [this](std::shared_ptr<WsConnection> c, const HttpRequest&) {
      c->start(server_log_.handlers());
      server_conn_ = std::move(c);
    });
    listener_ = std::make_shared<Listener>(io_, router);
    ASSERT_FALSE(listener_->listen({asio::ip::make_address("127.0.0.1"), 0}));
    listener_->start();
    opts.url = ws_url();
    auto conn = connect(std::move(opts));
    ASSERT_TRUE(conn);
    client_ = std::move(conn).value();
    client_->start(client_log_.handlers());
    ASSERT_TRUE(run_until(io_, [&] { return server_conn_ != nullptr; }));
  }
  void TearDown() override {
    for (auto& c : {client_, server_conn_})
      if (c) c->post([c] { c->abort(); });
    LoopbackServer::TearDown();
  }

  std::shared_ptr<WsConnection> client_, server_conn_;
  ClientLog client_log_, server_log_;
};

TEST_F(WsSeamsTest, AbortDropsTheConnectionWithoutACloseFrame) {
  connect_pair({});
  server_conn_->send("queued, then lost or not: either is fine");
  server_conn_->abort();
  ASSERT_EQ(server_log_.closes.size(), 1u);  // at once, on the caller's turn
  EXPECT_EQ(server_log_.closes[0].kind, CloseInfo::Kind::kLocal);
  EXPECT_EQ(server_log_.closes[0].code, 1006);
  EXPECT_FALSE(server_conn_->send("after"));
  ASSERT_TRUE(run_until(io_, [&] { return !client_log_.closes.empty(); }));
  EXPECT_EQ(client_log_.closes[0].kind, CloseInfo::Kind::kError);  // no close frame came
  EXPECT_EQ(client_log_.closes[0].code, 1006);
}

TEST_F(WsSeamsTest, StoppedReaderLeavesPingsUnansweredAndSeesThePeerGo) {
  ClientOptions opts;
  opts.ws.idle_timeout = std::chrono::milliseconds(100);  // pings after 50 ms of quiet
  connect_pair(opts);
  // One message still arrives: the read in flight delivers it.
  server_conn_->stop_reading();
  client_->send("in flight");
  ASSERT_TRUE(run_until(io_, [&] { return !server_log_.texts.empty(); }));
  client_->send("never read");
  // The client's pings go unanswered: its liveness check ends the connection.
  ASSERT_TRUE(run_until(io_, [&] { return !client_log_.closes.empty(); }));
  EXPECT_EQ(client_log_.closes[0].kind, CloseInfo::Kind::kTimeout);
  // The server notices the client's socket closing, unread bytes and all.
  ASSERT_TRUE(run_until(io_, [&] { return !server_log_.closes.empty(); }));
  EXPECT_EQ(server_log_.texts, std::vector<std::string>{"in flight"});
  EXPECT_NE(server_log_.closes[0].kind, CloseInfo::Kind::kNormal);
}

}  // namespace
}  // namespace voxgate::net::test
