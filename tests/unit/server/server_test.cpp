#include "server/server.hpp"

#include <gtest/gtest.h>

#include "server/twiml_route.hpp"
#include "unit/net/net_test_support.hpp"

namespace voxgate::server {
namespace {

using net::test::http_request;
namespace http = boost::beast::http;

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions opts = {}) {
    opts.port = 0;
    server_ = std::make_unique<Server>(io_, opts);
    ASSERT_FALSE(server_->start());
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    if (server_) server_->stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(10));
  }
  std::optional<net::HttpResponse> post_twiml(std::string body) {
    net::HttpRequest req{http::verb::post, "/twiml", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = std::move(body);
    return http_request(io_, server_->port(), std::move(req));
  }

  boost::asio::io_context io_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, HealthzIsOk) {
  start();
  auto res = http_request(io_, server_->port(), {http::verb::get, "/healthz", 11});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(res->body(), R"({"status":"ok"})");
}

TEST_F(ServerTest, TwimlConnectsStreamWithParametersOnLoopbackHost) {
  start();
  auto res = post_twiml(
      "CallSid=CA123&AccountSid=AC9&From=%2B15551234567&To=%2B15557654321"
      "&CallerName=Ann+Lee&Direction=inbound");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(res->at(http::field::content_type), "text/xml");
  const std::string url = "ws://127.0.0.1:" + std::to_string(server_->port()) + "/media";
  EXPECT_EQ(res->body(),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url=")" + url +
                R"("><Parameter name="AccountSid" value="AC9"/>)"
                R"(<Parameter name="CallSid" value="CA123"/>)"
                R"(<Parameter name="Direction" value="inbound"/>)"
                R"(<Parameter name="From" value="+15551234567"/>)"
                R"(<Parameter name="To" value="+15557654321"/>)"
                "</Stream></Connect></Response>");
}

TEST_F(ServerTest, TwimlUsesPublicHostWithWss) {
  ServerOptions opts;
  opts.public_host = "voice.example.com";
  start(opts);
  auto res = post_twiml("CallSid=CA1");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body().find(R"(<Stream url="wss://voice.example.com/media">)"), std::string::npos)
      << res->body();
}

TEST_F(ServerTest, TwimlGetIs405) {
  start();
  auto res = http_request(io_, server_->port(), {http::verb::get, "/twiml", 11});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::method_not_allowed);
}

}  // namespace
}  // namespace voxgate::server
