// WsConnection's own idle timeout with keep-alive pings (ws_keepalive.cpp),
// against a raw Beast peer on loopback. Event-driven: no timed assertions.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <optional>

#include "net/ws_client.hpp"
#include "net/ws_connection.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A WebSocket server peer that accepts one connection and then reads (so
// Beast answers pings) only when `reading` is set.
struct RawPeer {
  explicit RawPeer(asio::io_context& io, bool reading)
      : acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}), reading(reading) {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      ws.emplace(std::move(s));
      ws->control_callback([this](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::ping) ++pings;
      });
      ws->async_accept([this](boost::system::error_code aec) {
        if (!aec && this->reading) read();
      });
    });
  }
  void read() {
    ws->async_read(buf, [this](boost::system::error_code ec, std::size_t) {
      if (ec) return;
      buf.consume(buf.size());
      read();
    });
  }
  std::string url() const {
    return "ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/";
  }

  tcp::acceptor acceptor;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer buf;
  bool reading;
  int pings = 0;
};

// A client WsConnection with a 100 ms idle timeout against a RawPeer.
struct KeepaliveCase {
  explicit KeepaliveCase(bool peer_reads) : peer(io, peer_reads) {
    ClientOptions opts;
    opts.url = peer.url();
    opts.ws.idle_timeout = std::chrono::milliseconds(100);
    WsClient::connect(asio::make_strand(io), opts, [this](ConnectResult r) {
      if (!r) return;
      conn = *r;
      conn->start({[](std::string_view) {}, [this](const CloseInfo& i) { closed = i; }});
    });
    EXPECT_TRUE(run_until(io, [this] { return conn != nullptr; }));
  }
  asio::io_context io;
  RawPeer peer;
  std::shared_ptr<WsConnection> conn;
  std::optional<CloseInfo> closed;
};

TEST(WsKeepalive, SilentPeerTimesOut) {
  KeepaliveCase c(/*peer_reads=*/false);
  ASSERT_TRUE(c.conn);
  ASSERT_TRUE(run_until(c.io, [&] { return c.closed.has_value(); }));
  EXPECT_EQ(c.closed->kind, CloseInfo::Kind::kTimeout);
  EXPECT_EQ(c.closed->code, 1006);
  EXPECT_FALSE(c.conn->is_open());
}

TEST(WsKeepalive, PeerAnsweringPingsStaysOpen) {
  KeepaliveCase c(/*peer_reads=*/true);
  ASSERT_TRUE(c.conn);
  // Three pings means three idle periods passed, each answered by a pong.
  ASSERT_TRUE(run_until(c.io, [&] { return c.peer.pings >= 3 || c.closed.has_value(); }));
  EXPECT_FALSE(c.closed.has_value());
  EXPECT_GE(c.peer.pings, 3);
  c.conn->post([conn = c.conn] { conn->close(); });
  ASSERT_TRUE(run_until(c.io, [&] { return c.closed.has_value(); }));
  EXPECT_EQ(c.closed->kind, CloseInfo::Kind::kLocal);
}

}  // namespace
}  // namespace voxgate::net::test
