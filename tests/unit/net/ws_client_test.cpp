#include "net/ws_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include "net_fixture.hpp"

namespace voxgate::net::test {
namespace {

namespace ssl = asio::ssl;

TEST_F(LoopbackServer, ClientConnectsWithHeadersAndQuery) {
  start();
  ClientOptions opts = client_opts(ws_url("/ws?model=x"));
  opts.headers = {{"Authorization", "Bearer secret"}};
  auto r = connect(opts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server_target_, "/ws?model=x");
  (*r)->start({});
  (*r)->close();
  ASSERT_TRUE(run_until(io_, [&] { return !server_closes_.empty(); }));
}

TEST_F(LoopbackServer, UpgradeAnswered401IsHandshakeStatus) {
  start();
  auto r = connect(client_opts(ws_url("/deny")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ConnectError::Kind::kHandshakeStatus);
  EXPECT_EQ(r.error().http_status, 401);
}

TEST_F(LoopbackServer, ClosedPortIsRefused) {
  uint16_t port = 0;
  {
    asio::ip::tcp::acceptor a(io_, {asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  auto r = connect(client_opts("ws://127.0.0.1:" + std::to_string(port) + "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ConnectError::Kind::kRefused);
}

TEST_F(LoopbackServer, BadUrls) {
  for (const char* url : {"http://127.0.0.1/", "not a url", "ws:///path"}) {
    auto r = connect(client_opts(url));
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().kind, ConnectError::Kind::kBadUrl) << url;
  }
  EXPECT_EQ(to_string(ConnectError::Kind::kHandshakeStatus), "handshake_status");
}

// A one-connection wss echo server on 127.0.0.1 with a self-signed cert.
// Its handlers capture shared state, not `this`: they may complete in a
// later test's io run, after the server object is gone.
class TlsEchoServer {
 public:
  TlsEchoServer(asio::io_context& io, const CertPair& cert) : st_(std::make_shared<State>(io)) {
    st_->ctx.use_certificate_chain(asio::buffer(cert.cert_pem));
    st_->ctx.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
    st_->acceptor.async_accept(asio::make_strand(io), [st = st_](beast::error_code ec,
                                                                 asio::ip::tcp::socket s) {
      if (ec) return;
      auto ws = std::make_shared<TlsWs>(std::move(s), st->ctx);
      beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
      ws->next_layer().async_handshake(ssl::stream_base::server, [st, ws](beast::error_code ec) {
        if (ec) return;
        ws->async_accept([st, ws](beast::error_code ec) {
          if (ec) return;
          st->conn = WsConnection::make(std::move(*ws), {}, st);
          std::weak_ptr<WsConnection> weak = st->conn;
          st->conn->start({[weak](std::string_view t) {
                             if (auto c = weak.lock()) c->send(std::string(t));
                           },
                           {}});
        });
      });
    });
  }
  ~TlsEchoServer() {
    beast::error_code ec;
    st_->acceptor.close(ec);
    st_->conn.reset();
  }
  uint16_t port() const { return st_->acceptor.local_endpoint().port(); }

 private:
  struct State {
    explicit State(asio::io_context& io)
        : ctx(ssl::context::tls_server), acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}) {}
    ssl::context ctx;
    asio::ip::tcp::acceptor acceptor;
    std::shared_ptr<WsConnection> conn;
  };
  std::shared_ptr<State> st_;
};

TEST_F(LoopbackServer, WssWithCaFileSucceeds) {
  const CertPair cert = make_self_signed();
  const std::string ca = write_temp_file("voxgate_net_ca", cert.cert_pem);
  TlsEchoServer server(io_, cert);
  ClientOptions opts = client_opts("wss://localhost:" + std::to_string(server.port()) + "/v1?x=1");
  opts.ca_file = ca;
  auto r = connect(opts);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ClientLog log;
  (*r)->start(log.handlers());
  (*r)->send("over tls");
  ASSERT_TRUE(run_until(io_, [&] { return !log.texts.empty(); }));
  EXPECT_EQ(log.texts[0], "over tls");
  (*r)->close();
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty(); }));
  EXPECT_EQ(log.closes[0].kind, CloseInfo::Kind::kLocal);
  std::filesystem::remove(ca);
}

TEST_F(LoopbackServer, WssAgainstSystemStoreFailsTls) {
  const CertPair cert = make_self_signed();
  TlsEchoServer server(io_, cert);
  auto r = connect(client_opts("wss://localhost:" + std::to_string(server.port()) + "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ConnectError::Kind::kTls);
}

TEST_F(LoopbackServer, WssWrongHostNameFailsTls) {
  const CertPair cert = make_self_signed("DNS:localhost");
  const std::string ca = write_temp_file("voxgate_net_ca2", cert.cert_pem);
  TlsEchoServer server(io_, cert);
  // Trusted certificate, but it does not name 127.0.0.1.
  ClientOptions opts = client_opts("wss://127.0.0.1:" + std::to_string(server.port()) + "/");
  opts.ca_file = ca;
  auto r = connect(opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ConnectError::Kind::kTls);
  std::filesystem::remove(ca);
}

}  // namespace
}  // namespace voxgate::net::test
