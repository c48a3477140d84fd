#include "net/ws_client.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "net_fixture.hpp"
#include "tls_echo_server.hpp"

namespace voxgate::net::test {
namespace {

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
