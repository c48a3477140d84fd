// WsConnection's binary messages (Vonage's audio is binary PCM): send_binary()
// writes a binary frame beside text ones, on_binary() receives them, and
// without on_binary they are counted and dropped. Real loopback sockets.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "net_fixture.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

class WsBinaryTest : public LoopbackServer {
 protected:
  // Serves /ws: each binary message comes back as the same bytes, binary;
  // each text as "text:" + it. Then connects client_ (not started).
  void connect_to_echo() {
    auto router = std::make_shared<Router>();
    router->add_websocket("/ws", [this](std::shared_ptr<WsConnection> c, const HttpRequest&) {
      std::weak_ptr<WsConnection> weak = c;
      c->on_binary([weak](std::string_view data) {
        if (auto s = weak.lock()) s->send_binary(std::string(data));
      });
      c->start({[weak](std::string_view text) {
                  if (auto s = weak.lock()) s->send("text:" + std::string(text));
                },
                {}});
      server_conn_ = std::move(c);
    });
    listener_ = std::make_shared<Listener>(io_, router);
    ASSERT_FALSE(listener_->listen({asio::ip::make_address("127.0.0.1"), 0}));
    listener_->start();
    auto conn = connect(client_opts(ws_url()));
    ASSERT_TRUE(conn);
    client_ = std::move(conn).value();
  }
  void TearDown() override {
    for (auto& c : {client_, server_conn_})
      if (c) c->post([c] { c->abort(); });
    LoopbackServer::TearDown();
  }

  std::shared_ptr<WsConnection> client_, server_conn_;
  ClientLog log_;
  std::vector<std::string> binaries_;
};

TEST_F(WsBinaryTest, BinaryMessagesGoBothWaysBesideText) {
  connect_to_echo();
  client_->on_binary([this](std::string_view data) { binaries_.emplace_back(data); });
  client_->start(log_.handlers());
  const std::string pcm("\x00\x01\xff\x7f", 4);  // PCM bytes, NUL included
  EXPECT_TRUE(client_->send_binary(pcm));
  EXPECT_TRUE(client_->send("hello"));
  EXPECT_TRUE(client_->send_binary(pcm + pcm));
  ASSERT_TRUE(run_until(io_, [&] { return binaries_.size() == 2 && log_.texts.size() == 1; }));
  // Each message kept its own frame type: the text came back as text.
  EXPECT_EQ(binaries_, (std::vector<std::string>{pcm, pcm + pcm}));
  EXPECT_EQ(log_.texts, std::vector<std::string>{"text:hello"});
  EXPECT_EQ(client_->stats().messages_in, 3u);
  EXPECT_EQ(client_->stats().messages_out, 3u);
  EXPECT_EQ(client_->stats().binary_ignored, 0u);
}

TEST_F(WsBinaryTest, WithoutOnBinaryBinaryMessagesAreCountedAndDropped) {
  connect_to_echo();
  client_->start(log_.handlers());
  EXPECT_TRUE(client_->send_binary("dropped on return"));
  EXPECT_TRUE(client_->send("kept"));
  // One connection delivers in order: the binary echo came before the text.
  ASSERT_TRUE(run_until(io_, [&] { return !log_.texts.empty(); }));
  EXPECT_EQ(log_.texts, std::vector<std::string>{"text:kept"});
  EXPECT_EQ(client_->stats().binary_ignored, 1u);
  EXPECT_EQ(client_->stats().messages_in, 1u);
}

}  // namespace
}  // namespace voxgate::net::test
