// net::WsServer on loopback: upgrades on any path reach the acceptor, which
// may hand out a session or refuse with a status; stop() closes what is open.
#include "net/ws_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/ws_client.hpp"
#include "net_fixture.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

class WsServerTest : public ::testing::Test {
 protected:
  // Echoes text back; records each upgrade's target.
  void start_echo() {
    start([this](const HttpRequest& req) -> WsUpgrade {
      targets_.emplace_back(req.target());
      return WsHandler{[this](std::shared_ptr<WsConnection> conn, const HttpRequest&) {
        std::weak_ptr<WsConnection> weak = conn;
        conn->start({[weak](std::string_view text) {
                       if (auto c = weak.lock()) c->send("echo:" + std::string(text));
                     },
                     [this, conn](const CloseInfo& info) { server_closes_.push_back(info); }});
      }};
    });
  }
  void start(WsAcceptor acceptor) {
    auto server = WsServer::start(io_, {}, std::move(acceptor));
    ASSERT_TRUE(server) << server.error();
    server_ = std::move(server).value();
  }
  void TearDown() override {
    server_.reset();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }
  ConnectResult connect(const std::string& path) {
    std::optional<ConnectResult> result;
    WsClient::connect(asio::make_strand(io_),
                      client_opts("ws://127.0.0.1:" + std::to_string(server_->port()) + path),
                      [&](ConnectResult r) { result.emplace(std::move(r)); });
    EXPECT_TRUE(run_until(io_, [&] { return result.has_value(); }));
    if (!result) return common::unexpected(ConnectError{ConnectError::Kind::kTimeout, 0, "test"});
    return std::move(*result);
  }

  asio::io_context io_;
  std::unique_ptr<WsServer> server_;
  std::vector<std::string> targets_;
  std::vector<CloseInfo> server_closes_;
};

TEST_F(WsServerTest, AcceptsAnUpgradeOnAnyPath) {
  start_echo();
  auto conn = connect("/v1/realtime?model=x");
  ASSERT_TRUE(conn) << conn.error().message;
  ClientLog log;
  (*conn)->start(log.handlers());
  (*conn)->send("hi");
  ASSERT_TRUE(run_until(io_, [&] { return !log.texts.empty(); }));
  EXPECT_EQ(log.texts[0], "echo:hi");
  EXPECT_EQ(targets_, std::vector<std::string>{"/v1/realtime?model=x"});
  (*conn)->close();
  ASSERT_TRUE(run_until(io_, [&] { return !server_closes_.empty(); }));
}

TEST_F(WsServerTest, AcceptorRefusesWithItsStatus) {
  start([](const HttpRequest& req) -> WsUpgrade {
    return Router::json(req, http::status::service_unavailable, R"({"error":"busy"})");
  });
  auto conn = connect("/ws");
  ASSERT_FALSE(conn);
  EXPECT_EQ(conn.error().kind, ConnectError::Kind::kHandshakeStatus);
  EXPECT_EQ(conn.error().http_status, 503);
}

TEST_F(WsServerTest, StopClosesOpenConnectionsGoingAway) {
  start_echo();
  auto conn = connect("/");
  ASSERT_TRUE(conn);
  ClientLog log;
  (*conn)->start(log.handlers());
  server_->stop();
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty(); }));
  EXPECT_EQ(log.closes[0].kind, CloseInfo::Kind::kNormal);
  EXPECT_EQ(log.closes[0].code, 1001);
  // Stopped: nothing is accepted any more.
  EXPECT_FALSE(connect("/"));
}

TEST_F(WsServerTest, BadHostIsAnError) {
  WsServerOptions opts;
  opts.host = "not an address";
  auto server = WsServer::start(io_, opts, [](const HttpRequest& req) -> WsUpgrade {
    return Router::json(req, http::status::not_found, "{}");
  });
  ASSERT_FALSE(server);
  EXPECT_NE(server.error().find("not an address"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::net::test
