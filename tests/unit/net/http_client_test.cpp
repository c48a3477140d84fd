// HttpClient against a loopback HTTP(S) server (webhook tools, docs/tools.md).
#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <optional>

#include "fakes/net/test_http_server.hpp"
#include "net_test_support.hpp"

namespace voxgate::net {
namespace {

namespace asio = boost::asio;
using test::run_until;
using voxgate::test::TestHttpServer;
using Reply = TestHttpServer::Reply;
using namespace std::chrono_literals;

class HttpClientTest : public ::testing::Test {
 protected:
  asio::io_context io_;

  HttpResult post(const HttpClient& client, HttpPost req) {
    std::optional<HttpResult> out;
    client.post(asio::make_strand(io_), std::move(req), [&](HttpResult r) { out.emplace(r); });
    EXPECT_TRUE(run_until(io_, [&] { return out.has_value(); }));
    if (!out) return common::unexpected(HttpError{HttpError::Kind::kProtocol, "test timeout"});
    return *out;
  }
};

TEST_F(HttpClientTest, PostsBodyAndHeadersAndReadsReply) {
  TestHttpServer server(io_, [](const auto& r) { return Reply{201, "got:" + r.body}; });
  HttpClient client;
  HttpPost req;
  req.url = server.url("/tools/lookup?x=1");
  req.body = R"({"a":1})";
  req.headers = {{"X-Test", "yes"}};
  auto r = post(client, req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"(got:{"a":1})");
  EXPECT_EQ(r->content_type, "application/json");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/tools/lookup?x=1");
  EXPECT_EQ(seen[0].headers["X-Test"], "yes");
  EXPECT_EQ(seen[0].headers["Content-Type"], "application/json");
}

TEST_F(HttpClientTest, ErrorStatusIsAReplyNotAnError) {
  TestHttpServer server(io_, [](const auto&) { return Reply{500, "boom"}; });
  HttpClient client;
  auto r = post(client, {server.url("/x"), {}, "application/json", "{}", 2000ms});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500);
}

TEST_F(HttpClientTest, SlowServerTimesOut) {
  TestHttpServer server(io_, [](const auto&) { return Reply{200, "{}", 3000ms}; });
  HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  auto r = post(client, {server.url("/slow"), {}, "application/json", "{}", 200ms});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, HttpError::Kind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
}

TEST_F(HttpClientTest, RefusedAndBadUrl) {
  uint16_t closed_port = 0;
  {
    TestHttpServer gone(io_, [](const auto&) { return Reply{}; });
    closed_port = gone.port();
  }
  HttpClient client;
  auto r = post(client, {"http://127.0.0.1:" + std::to_string(closed_port) + "/", {}, "", "", 1s});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, HttpError::Kind::kConnect);
  auto bad = post(client, {"ftp://127.0.0.1/", {}, "", "", 1s});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, HttpError::Kind::kBadUrl);
}

TEST_F(HttpClientTest, OversizedReplyRefused) {
  TestHttpServer server(io_, [](const auto&) { return Reply{200, std::string(5000, 'x')}; });
  HttpClient client(HttpClientOptions{{}, true, 1000});
  auto r = post(client, {server.url("/big"), {}, "", "", 2s});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, HttpError::Kind::kProtocol);
}

std::shared_ptr<asio::ssl::context> server_tls(const test::CertPair& cert) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->use_certificate_chain(asio::buffer(cert.cert_pem));
  ctx->use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
  return ctx;
}

TEST_F(HttpClientTest, HttpsVerifiedAgainstTrustedCa) {
  const auto cert = test::make_self_signed();
  const std::string ca = test::write_temp_file("voxgate_http_ca", cert.cert_pem);
  TestHttpServer server(
      io_,
      [](const auto&) {
        return Reply{200, R"({"ok":true})"};
      },
      server_tls(cert));
  HttpClient client(HttpClientOptions{ca, true});
  auto r = post(client, {server.url("/secure"), {}, "application/json", "{}", 2s});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, R"({"ok":true})");
}

TEST_F(HttpClientTest, HttpsUntrustedCertificateRefused) {
  const auto cert = test::make_self_signed();
  TestHttpServer server(
      io_, [](const auto&) { return Reply{}; }, server_tls(cert));
  HttpClient client;  // system trust store: the self-signed cert is not in it
  auto r = post(client, {server.url("/secure"), {}, "application/json", "{}", 2s});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, HttpError::Kind::kTls);
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace voxgate::net
