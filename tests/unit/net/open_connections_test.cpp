// A connection's handlers that hold its owner, which holds the connection
// (a CallRunner and its caller leg), are a cycle until the connection
// finishes. When the context is destroyed first (the app stopping with a
// closing handshake in flight), OpenConnections breaks it: the owner is
// freed, not leaked. Real loopback sockets.
#include "net/open_connections.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>

#include "net/listener.hpp"
#include "net/router.hpp"
#include "net/ws_client.hpp"
#include "net_fixture.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

// Holds its connection; the connection's handlers hold it.
struct Owner {
  std::shared_ptr<WsConnection> conn;
};

class OpenConnectionsTest : public ::testing::Test {
 protected:
  // A client connected to a server whose side is held by an Owner in a
  // cycle; `close_first`: the server side has begun its closing handshake.
  void connect_owned(bool close_first) {
    auto router = std::make_shared<Router>();
    router->add_websocket("/ws",
                          [this, close_first](std::shared_ptr<WsConnection> c, const HttpRequest&) {
                            auto owner = std::make_shared<Owner>();
                            owner->conn = c;
                            c->start({[owner](std::string_view) {},
                                      [this, owner](const CloseInfo&) { ++server_closes_; }});
                            if (close_first) c->close(1008, "refused");
                            owner_ = owner;
                          });
    auto listener = std::make_shared<Listener>(*io_, router);
    ASSERT_FALSE(listener->listen({asio::ip::make_address("127.0.0.1"), 0}));
    listener->start();
    ClientOptions opts;
    opts.url = "ws://127.0.0.1:" + std::to_string(listener->port()) + "/ws";
    std::optional<ConnectResult> result;
    WsClient::connect(asio::make_strand(*io_), std::move(opts),
                      [&](ConnectResult r) { result.emplace(std::move(r)); });
    ASSERT_TRUE(run_until(*io_, [&] { return result.has_value() && !owner_.expired(); }));
    ASSERT_TRUE(*result);
    result->value()->start(client_log_.handlers());
    listener->stop();
    // What is left runs no further: only the context's end can free it.
  }

  std::unique_ptr<asio::io_context> io_ = std::make_unique<asio::io_context>();
  std::weak_ptr<Owner> owner_;
  int server_closes_ = 0;  // the owned side's on_close calls
  ClientLog client_log_;
};

TEST_F(OpenConnectionsTest, ContextEndFreesAnOwnerWhoseCloseWasInFlight) {
  connect_owned(true);
  ASSERT_FALSE(owner_.expired());
  io_.reset();
  EXPECT_TRUE(owner_.expired());
  // No handler ran at the context's end, on either side.
  EXPECT_EQ(server_closes_, 0);
  EXPECT_TRUE(client_log_.closes.empty());
}

TEST_F(OpenConnectionsTest, ContextEndFreesAnOwnerOfAnOpenConnection) {
  connect_owned(false);
  ASSERT_FALSE(owner_.expired());
  io_.reset();
  EXPECT_TRUE(owner_.expired());
}

TEST_F(OpenConnectionsTest, AFinishedConnectionIsForgotten) {
  connect_owned(false);
  auto owner = owner_.lock();
  ASSERT_TRUE(owner);
  owner->conn->abort();  // finish(): on_close runs once, the handlers are dropped
  EXPECT_EQ(server_closes_, 1);
  owner.reset();
  EXPECT_TRUE(owner_.expired());
  io_.reset();  // the service finds nothing of it to release
}

}  // namespace
}  // namespace voxgate::net::test
