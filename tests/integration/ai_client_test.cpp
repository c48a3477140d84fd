// The AI-leg client against tools/fakeai on real sockets: authentication,
// dialect header, typed failures, the malformed-message threshold.

#include "realtime/ai_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <optional>

#include "fakeai/script.hpp"
#include "fakeai/server.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"

namespace voxgate::testing {
namespace {

using realtime::AiClient;
using realtime::AiFailure;

struct Outcome {
  std::shared_ptr<AiClient> client;
  std::optional<AiFailure> connect_error;
  std::optional<AiFailure> failure;
  std::vector<realtime::ServerEvent> events;
  int bad = 0;
};

class AiClientTest : public ::testing::Test {
 protected:
  void serve(const std::string& script_toml) {
    auto script = fakeai::Script::from_toml(script_toml);
    ASSERT_TRUE(script.ok()) << script.error().message;
    fake_ = std::make_unique<fakeai::FakeAiServer>(io_, std::move(script).value());
    opts_.url = "ws://127.0.0.1:" + std::to_string(fake_->port()) + "/v1/realtime";
  }

  void connect() {
    AiClient::Handlers h;
    h.on_event = [this](realtime::ServerEvent&& e) { out_.events.push_back(std::move(e)); };
    h.on_failure = [this](const AiFailure& f) { out_.failure = f; };
    h.on_bad_message = [this](realtime::ParseError) { ++out_.bad; };
    AiClient::connect(boost::asio::make_strand(io_), opts_, std::move(h), [this](auto r) {
      if (r) {
        out_.client = *r;
      } else {
        out_.connect_error = r.error();
      }
    });
  }

  // Runs the loop until `cond` or 5 s pass: no fixed sleeps.
  bool run_until(const std::function<bool()>& cond) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!cond() && std::chrono::steady_clock::now() < until) {
      io_.run_for(std::chrono::milliseconds(10));
    }
    return cond();
  }

  template <typename T>
  size_t count() const {
    size_t n = 0;
    for (const auto& e : out_.events) n += std::holds_alternative<T>(e);
    return n;
  }

  boost::asio::io_context io_;
  std::unique_ptr<fakeai::FakeAiServer> fake_;
  realtime::AiClientOptions opts_;
  Outcome out_;
};

TEST_F(AiClientTest, SendsBearerAndConfiguresTheSession) {
  serve("require_auth = \"sk-test\"\n");
  opts_.api_key = "sk-test";
  connect();
  ASSERT_TRUE(run_until([&] { return out_.client || out_.connect_error; }));
  ASSERT_TRUE(out_.client) << realtime::describe(*out_.connect_error);
  out_.client->send(realtime::SessionUpdate{});
  ASSERT_TRUE(run_until([&] { return count<realtime::SessionUpdated>() == 1; }));
  EXPECT_EQ(count<realtime::SessionCreated>(), 1u);
  out_.client->close();
}

TEST_F(AiClientTest, WrongKeyIsAFatalHandshakeFailure) {
  serve("require_auth = \"sk-right\"\n");
  opts_.api_key = "sk-wrong";
  connect();
  ASSERT_TRUE(run_until([&] { return out_.client || out_.connect_error; }));
  ASSERT_TRUE(out_.connect_error);
  EXPECT_EQ(out_.connect_error->kind, AiFailure::Kind::kHandshakeStatus);
  EXPECT_EQ(out_.connect_error->http_status, 401);
  EXPECT_TRUE(out_.connect_error->fatal);
  EXPECT_EQ(realtime::describe(*out_.connect_error).find("sk-wrong"), std::string::npos);
}

TEST_F(AiClientTest, RefusedConnectionIsTyped) {
  boost::asio::ip::tcp::acceptor probe(io_, {boost::asio::ip::tcp::v4(), 0});
  const auto port = probe.local_endpoint().port();
  probe.close();  // nothing listens there now
  opts_.url = "ws://127.0.0.1:" + std::to_string(port) + "/v1/realtime";
  connect();
  ASSERT_TRUE(run_until([&] { return out_.connect_error.has_value(); }));
  EXPECT_EQ(out_.connect_error->kind, AiFailure::Kind::kRefused);
  EXPECT_FALSE(out_.connect_error->fatal);
}

TEST_F(AiClientTest, ServiceUnavailableIsRetryable) {
  serve("refuse_connections = true\n");
  connect();
  ASSERT_TRUE(run_until([&] { return out_.connect_error.has_value(); }));
  EXPECT_EQ(out_.connect_error->http_status, 503);
  EXPECT_FALSE(out_.connect_error->fatal);
}

TEST_F(AiClientTest, PeerCloseIsReportedOnceWithItsCode) {
  serve("close_after_ms = 100\nclose_code = 4000\n");
  connect();
  ASSERT_TRUE(run_until([&] { return out_.failure.has_value(); }));
  EXPECT_EQ(out_.failure->kind, AiFailure::Kind::kClosed);
  EXPECT_EQ(out_.failure->close_code, 4000);
  EXPECT_TRUE(out_.failure->fatal);  // PROTOCOLS.md: a redial gets the same 4000
}

TEST_F(AiClientTest, ServerErrorCloseIsRetryable) {
  serve("close_after_ms = 100\nclose_code = 1011\n");
  connect();
  ASSERT_TRUE(run_until([&] { return out_.failure.has_value(); }));
  EXPECT_EQ(out_.failure->close_code, 1011);
  EXPECT_FALSE(out_.failure->fatal);
}

TEST_F(AiClientTest, NotFoundAtTheHandshakeIsFatal) {
  // A wrong path answers 404 on every try: no reconnect loop.
  auto listener = std::make_shared<net::Listener>(io_, std::make_shared<net::Router>());
  ASSERT_FALSE(listener->listen({boost::asio::ip::make_address("127.0.0.1"), 0}));
  listener->start();
  opts_.url = "ws://127.0.0.1:" + std::to_string(listener->port()) + "/v1/nowhere";
  connect();
  ASSERT_TRUE(run_until([&] { return out_.connect_error.has_value(); }));
  EXPECT_EQ(out_.connect_error->http_status, 404);
  EXPECT_TRUE(out_.connect_error->fatal);
  listener->stop();
}

TEST_F(AiClientTest, MalformedMessagesPastTheThresholdFailTheLeg) {
  serve("malformed_after_ms = 50\nmalformed_count = 5\n");
  opts_.malformed_threshold = 3;
  connect();
  ASSERT_TRUE(run_until([&] { return out_.failure.has_value(); }));
  EXPECT_EQ(out_.failure->kind, AiFailure::Kind::kProtocol);
  EXPECT_GE(out_.bad, 3);
}

TEST_F(AiClientTest, FewMalformedMessagesAreCountedNotFatal) {
  serve("malformed_after_ms = 50\nmalformed_count = 2\n");
  opts_.malformed_threshold = 3;
  connect();
  ASSERT_TRUE(run_until([&] { return out_.bad == 2; }));
  io_.run_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(out_.failure);
  ASSERT_TRUE(out_.client);
  EXPECT_TRUE(out_.client->is_open());
  out_.client->close();
}

TEST_F(AiClientTest, BetaDialectWorksEndToEnd) {
  serve("response_seconds = 0.2\n");
  opts_.dialect = realtime::Dialect::kBeta;
  connect();
  ASSERT_TRUE(run_until([&] { return out_.client != nullptr; }));
  out_.client->send(realtime::ResponseCreate{});
  ASSERT_TRUE(run_until([&] { return count<realtime::ResponseDone>() == 1; }));
  EXPECT_GE(count<realtime::AudioDelta>(), 1u);
  out_.client->close();
}

}  // namespace
}  // namespace voxgate::testing
