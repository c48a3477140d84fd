// WsConnection's own idle timeout (replaces Beast's, which re-armed a
// timer on every read; bench/README.md): a quiet peer that answers pings
// stays connected, a peer that answers nothing is timed out, traffic needs
// no pings. Real loopback sockets; idle_timeout is short so the run is short.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/ws_connection.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

namespace websocket = beast::websocket;
using std::chrono::milliseconds;

class WsIdleTest : public ::testing::Test {
 protected:
  // A connected pair: `ours` (a WsConnection, server side) and the raw peer.
  void connect(milliseconds idle) {
    WsOptions opts;
    opts.idle_timeout = idle;
    connect(opts);
  }
  void connect(WsOptions opts) {
    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    peer_ = std::make_unique<PlainWs>(asio::make_strand(io_));
    auto server = std::make_shared<PlainWs>(asio::make_strand(io_));
    bool accepted = false;
    bool handshaken = false;
    acceptor.async_accept(beast::get_lowest_layer(*server).socket(), [&](beast::error_code ec) {
      ASSERT_FALSE(ec);
      server->async_accept([&](beast::error_code ec) { accepted = !ec; });
    });
    beast::get_lowest_layer(*peer_).socket().async_connect(
        acceptor.local_endpoint(), [&](beast::error_code ec) {
          ASSERT_FALSE(ec);
          peer_->async_handshake("127.0.0.1", "/", [&](beast::error_code ec) { handshaken = !ec; });
        });
    ASSERT_TRUE(run_until(io_, [&] { return accepted && handshaken; }));
    ours_ = WsConnection::make(std::move(*server), opts);
    ours_->on_oversized([this](std::size_t bytes) { oversized_.push_back(bytes); });
    ours_->start({[this](std::string_view t) { texts_.emplace_back(t); },
                  [this](const CloseInfo& i) { closed_ = i; }});
  }
  // The peer reads (and so answers pings, Beast does that inside a read).
  void peer_reads() {
    peer_->control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping) ++pings_seen_;
    });
    peer_->async_read(peer_buf_, [](beast::error_code, std::size_t) {});
  }
  void TearDown() override {
    if (ours_) ours_->post([c = ours_] { c->close(); });
    if (peer_) beast::get_lowest_layer(*peer_).close();
    io_.restart();
    io_.run_for(milliseconds(20));
  }

  asio::io_context io_;
  std::unique_ptr<PlainWs> peer_;
  beast::flat_buffer peer_buf_;
  std::shared_ptr<WsConnection> ours_;
  std::optional<CloseInfo> closed_;
  int pings_seen_ = 0;
  std::vector<std::string> texts_;
  std::vector<std::size_t> oversized_;
};

TEST_F(WsIdleTest, QuietPeerAnsweringPingsStaysOpen) {
  connect(milliseconds(100));
  peer_reads();
  // Ten half periods: a ping after each quiet one, every pong counts.
  EXPECT_FALSE(run_until(
      io_, [&] { return closed_.has_value(); }, milliseconds(500)));
  EXPECT_GE(pings_seen_, 2);
  EXPECT_TRUE(ours_->is_open());
}

TEST_F(WsIdleTest, PeerAnsweringNothingTimesOut) {
  connect(milliseconds(100));  // the peer never reads: no pong
  ASSERT_TRUE(run_until(
      io_, [&] { return closed_.has_value(); }, milliseconds(2000)));
  EXPECT_EQ(closed_->kind, CloseInfo::Kind::kTimeout);
  EXPECT_EQ(closed_->code, 1006);
  EXPECT_FALSE(ours_->is_open());
}

TEST_F(WsIdleTest, TrafficNeedsNoPings) {
  connect(milliseconds(100));
  peer_reads();
  auto peer_send = std::make_shared<std::function<void()>>();
  int sent = 0;
  *peer_send = [&, peer_send] {
    if (++sent > 20) return;
    peer_->async_write(asio::buffer(std::string_view("x")),
                       [&, peer_send](beast::error_code ec, std::size_t) {
                         if (ec) return;
                         auto t = std::make_shared<asio::steady_timer>(io_, milliseconds(20));
                         t->async_wait([t, peer_send](beast::error_code) {
                           if (*peer_send) (*peer_send)();
                         });
                       });
  };
  (*peer_send)();
  EXPECT_FALSE(run_until(
                   io_, [&] { return sent > 20; }, milliseconds(600)) &&
               closed_);
  EXPECT_EQ(pings_seen_, 0);
  EXPECT_FALSE(closed_.has_value());
  *peer_send = {};  // breaks the handler's cycle
}

TEST_F(WsIdleTest, PongTimeoutIsItsOwnSetting) {
  // A check every 50 ms, but a ping waits 400 ms for its answer (the AI leg's
  // liveness has its own pong timeout, BEHAVIOUR 5).
  WsOptions opts;
  opts.idle_timeout = milliseconds(100);
  opts.pong_timeout = milliseconds(400);
  connect(opts);  // the peer never reads: no pong
  EXPECT_FALSE(run_until(
      io_, [&] { return closed_.has_value(); }, milliseconds(300)));
  ASSERT_TRUE(run_until(
      io_, [&] { return closed_.has_value(); }, milliseconds(2000)));
  EXPECT_EQ(closed_->kind, CloseInfo::Kind::kTimeout);
}

TEST_F(WsIdleTest, OversizedMessageIsDiscardedAndTheConnectionGoesOn) {
  WsOptions opts;
  opts.read_message_max = 1024;
  opts.discard_oversized = true;
  connect(opts);
  peer_->text(true);
  const std::string big(100 * 1024, 'x');
  bool written = false;
  peer_->async_write(asio::buffer(big), [&](beast::error_code ec, std::size_t) {
    ASSERT_FALSE(ec);
    peer_->async_write(asio::buffer(std::string_view("after")),
                       [&](beast::error_code ec, std::size_t) { written = !ec; });
  });
  ASSERT_TRUE(run_until(io_, [&] { return written && !texts_.empty(); }));
  ASSERT_EQ(oversized_.size(), 1u);
  EXPECT_EQ(oversized_[0], big.size());
  EXPECT_EQ(texts_, std::vector<std::string>{"after"});
  EXPECT_EQ(ours_->stats().oversized, 1u);
  EXPECT_TRUE(ours_->is_open());
}

TEST_F(WsIdleTest, MessageAtTheLimitIsDelivered) {
  WsOptions opts;
  opts.read_message_max = 1024;
  opts.discard_oversized = true;
  connect(opts);
  peer_->text(true);
  const std::string exact(1024, 'y');
  peer_->async_write(asio::buffer(exact), [](beast::error_code, std::size_t) {});
  ASSERT_TRUE(run_until(io_, [&] { return !texts_.empty(); }));
  EXPECT_EQ(texts_[0], exact);
  EXPECT_TRUE(oversized_.empty());
}

}  // namespace
}  // namespace voxgate::net::test
