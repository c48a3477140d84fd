#include "net/listener.hpp"

#include <gtest/gtest.h>

#include "net_fixture.hpp"

namespace voxgate::net::test {
namespace {

HttpRequest make_req(http::verb v, const std::string& target, std::string body = {}) {
  HttpRequest req{v, target, 11};
  req.body() = std::move(body);
  return req;
}

TEST_F(LoopbackServer, GetRouteAnswers) {
  start();
  auto res = http_request(io_, listener_->port(), make_req(http::verb::get, "/hello?x=1"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(res->body(), "hi");
}

TEST_F(LoopbackServer, PostRouteGetsBody) {
  start();
  auto res = http_request(io_, listener_->port(), make_req(http::verb::post, "/echo", "a=b&c=d"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(res->body(), "a=b&c=d");
}

TEST_F(LoopbackServer, UnknownPathIs404Json) {
  start();
  auto res = http_request(io_, listener_->port(), make_req(http::verb::get, "/nope"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::not_found);
  EXPECT_EQ(res->at(http::field::content_type), "application/json");
  EXPECT_EQ(res->body(), R"({"error":"not found"})");
}

TEST_F(LoopbackServer, WrongMethodIs405WithAllow) {
  start();
  auto res = http_request(io_, listener_->port(), make_req(http::verb::post, "/hello"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::method_not_allowed);
  EXPECT_EQ(res->at(http::field::allow), "GET");
}

TEST_F(LoopbackServer, WebSocketPathWithoutUpgradeIs426) {
  start();
  auto res = http_request(io_, listener_->port(), make_req(http::verb::get, "/ws"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::upgrade_required);
}

TEST_F(LoopbackServer, BodyOverLimitIs413) {
  HttpOptions opts;
  opts.body_limit = 16;
  start(opts);
  auto res = http_request(io_, listener_->port(),
                          make_req(http::verb::post, "/echo", std::string(100, 'x')));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::payload_too_large);
}

TEST_F(LoopbackServer, WebSocketEchoBothWaysAndCloseInfo) {
  start();
  auto r = connect(client_opts(ws_url("/ws?call=1")));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto conn = *r;
  ClientLog log;
  conn->start(log.handlers());
  EXPECT_TRUE(conn->send("one"));
  EXPECT_TRUE(conn->send("two"));
  ASSERT_TRUE(run_until(io_, [&] { return log.texts.size() == 2; }));
  EXPECT_EQ(log.texts[0], "echo:one");
  EXPECT_EQ(log.texts[1], "echo:two");
  EXPECT_EQ(server_target_, "/ws?call=1");

  conn->close(1000, "bye");
  EXPECT_FALSE(conn->is_open());
  EXPECT_FALSE(conn->send("late"));  // never written to a closing socket
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty() && !server_closes_.empty(); }));
  EXPECT_EQ(log.closes.size(), 1u);
  EXPECT_EQ(log.closes[0].kind, CloseInfo::Kind::kLocal);
  EXPECT_EQ(server_closes_[0].kind, CloseInfo::Kind::kNormal);
  EXPECT_EQ(server_closes_[0].code, 1000);
  EXPECT_EQ(server_closes_[0].reason, "bye");
  EXPECT_FALSE(conn->send("after"));
  EXPECT_EQ(conn->stats().send_dropped, 2u);
}

TEST_F(LoopbackServer, QueueIsBounded) {
  start();
  ClientOptions opts = client_opts(ws_url());
  opts.ws.max_queue = 2;
  auto r = connect(opts);
  ASSERT_TRUE(r.ok());
  auto conn = *r;
  ClientLog log;
  conn->start(log.handlers());
  EXPECT_TRUE(conn->send("a"));
  EXPECT_TRUE(conn->send("b"));
  EXPECT_EQ(conn->queued(), 2u);
  EXPECT_FALSE(conn->send("c"));
  EXPECT_EQ(conn->stats().send_dropped, 1u);
  ASSERT_TRUE(run_until(io_, [&] { return log.texts.size() == 2; }));
  EXPECT_EQ(conn->queued(), 0u);
  EXPECT_TRUE(conn->send("d"));
  conn->close();
  ASSERT_TRUE(run_until(io_, [&] { return !log.closes.empty(); }));
}

TEST_F(LoopbackServer, OversizeMessageClosesWith1009) {
  HttpOptions opts;
  opts.ws.read_message_max = 16;
  start(opts);
  auto r = connect(client_opts(ws_url()));
  ASSERT_TRUE(r.ok());
  auto conn = *r;
  ClientLog log;
  conn->start(log.handlers());
  EXPECT_TRUE(conn->send(std::string(100, 'x')));
  ASSERT_TRUE(run_until(io_, [&] { return !server_closes_.empty() && !log.closes.empty(); }));
  EXPECT_EQ(server_closes_[0].kind, CloseInfo::Kind::kError);
  EXPECT_EQ(server_closes_[0].code, 1009);
  EXPECT_EQ(log.closes[0].kind, CloseInfo::Kind::kNormal);
  EXPECT_EQ(log.closes[0].code, 1009);
  EXPECT_TRUE(log.texts.empty());
}

TEST_F(LoopbackServer, StopClosesAcceptor) {
  start();
  const auto port = listener_->port();
  listener_->stop();
  io_.restart();
  io_.run_for(std::chrono::milliseconds(20));
  auto r = connect(client_opts("ws://127.0.0.1:" + std::to_string(port) + "/ws"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ConnectError::Kind::kRefused);
}

}  // namespace
}  // namespace voxgate::net::test
