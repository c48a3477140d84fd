#pragma once
// A loopback server fixture: Listener + Router with HTTP routes and an
// echoing WebSocket route at /ws.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/listener.hpp"
#include "net/router.hpp"
#include "net/ws_client.hpp"
#include "net/ws_connection.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {

class LoopbackServer : public ::testing::Test {
 protected:
  void SetUp() override {}

  void start(HttpOptions opts = {}) {
    auto router = std::make_shared<Router>();
    router->add(http::verb::get, "/hello", [](const HttpRequest& req) {
      HttpResponse res{http::status::ok, req.version()};
      res.body() = "hi";
      return res;
    });
    router->add(http::verb::post, "/echo", [](const HttpRequest& req) {
      HttpResponse res{http::status::ok, req.version()};
      res.body() = req.body();
      return res;
    });
    router->add(http::verb::get, "/deny", [](const HttpRequest& req) {
      return Router::json(req, http::status::unauthorized, R"({"error":"no"})");
    });
    router->add_websocket(
        "/ws", [this](std::shared_ptr<WsConnection> conn, const HttpRequest& req) {
          server_target_ = std::string(req.target());
          ++server_accepted_;
          std::weak_ptr<WsConnection> weak = conn;
          conn->start({[weak](std::string_view text) {
                         if (auto c = weak.lock()) c->send("echo:" + std::string(text));
                       },
                       [this, conn](const CloseInfo& info) { server_closes_.push_back(info); }});
        });
    listener_ = std::make_shared<Listener>(io_, router, opts);
    ASSERT_FALSE(listener_->listen({asio::ip::make_address("127.0.0.1"), 0}));
    listener_->start();
  }

  void TearDown() override {
    if (listener_) listener_->stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }

  // Connect a client; returns the connection or the error.
  ConnectResult connect(ClientOptions opts) {
    std::optional<ConnectResult> result;
    WsClient::connect(asio::make_strand(io_), std::move(opts),
                      [&](ConnectResult r) { result.emplace(std::move(r)); });
    EXPECT_TRUE(run_until(io_, [&] { return result.has_value(); }));
    if (!result) return common::unexpected(ConnectError{ConnectError::Kind::kTimeout, 0, "test"});
    return std::move(*result);
  }

  std::string ws_url(const std::string& path = "/ws") const {
    return "ws://127.0.0.1:" + std::to_string(listener_->port()) + path;
  }

  asio::io_context io_;
  std::shared_ptr<Listener> listener_;
  std::string server_target_;
  int server_accepted_ = 0;
  std::vector<CloseInfo> server_closes_;
};

inline ClientOptions client_opts(std::string url) {
  ClientOptions o;
  o.url = std::move(url);
  return o;
}

// Client-side recorder.
struct ClientLog {
  std::vector<std::string> texts;
  std::vector<CloseInfo> closes;
  WsConnection::Handlers handlers() {
    return {[this](std::string_view t) { texts.emplace_back(t); },
            [this](const CloseInfo& i) { closes.push_back(i); }};
  }
};

}  // namespace voxgate::net::test
