// Connection limits over real loopback sockets: a refused client gets a
// clear 429 or 503 with Retry-After; a WebSocket holds its connection slot.

#include <gtest/gtest.h>

#include <boost/beast/websocket.hpp>

#include "net/listener.hpp"
#include "net/ws_connection.hpp"
#include "unit/net/limits_support.hpp"
#include "unit/net/net_test_support.hpp"

namespace voxgate::net {
namespace {

using test::limits;

using test::http_request;
using test::run_until;
namespace asio = boost::asio;

namespace beast = boost::beast;
namespace websocket = beast::websocket;

const auto kLoopback = asio::ip::make_address("127.0.0.1");

class ListenerLimitsTest : public ::testing::Test {
 protected:
  void start(ConnectionLimits limits) {
    limits.on_refused = [this](Refusal r) { refused_.push_back(r); };
    limiter_ = ConnectionLimiter::make(std::move(limits), &clock_);
    auto router = std::make_shared<Router>();
    router->add(http::verb::get, "/ok",
                [](const HttpRequest& req) { return Router::json(req, http::status::ok, "{}"); });
    router->add_websocket("/ws", [this](std::shared_ptr<WsConnection> c, const HttpRequest&) {
      c->start({[](std::string_view) {}, [](const CloseInfo&) {}});
      ws_ = std::move(c);
    });
    listener_ = std::make_shared<Listener>(io_, router, HttpOptions{}, limiter_);
    ASSERT_FALSE(listener_->listen({kLoopback, 0}));
    listener_->start();
  }
  void TearDown() override {
    if (ws_) ws_->close();
    ws_.reset();
    if (listener_) listener_->stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }
  std::optional<HttpResponse> get() {
    return http_request(io_, listener_->port(), {http::verb::get, "/ok", 11});
  }
  // A TCP connection that sends nothing: accepted, handshake in flight.
  std::unique_ptr<asio::ip::tcp::socket> idle_client() {
    auto s = std::make_unique<asio::ip::tcp::socket>(io_);
    s->connect({kLoopback, listener_->port()});
    return s;
  }

  asio::io_context io_;
  common::ManualClock clock_;
  std::vector<Refusal> refused_;
  std::shared_ptr<ConnectionLimiter> limiter_;
  std::shared_ptr<Listener> listener_;
  std::shared_ptr<WsConnection> ws_;
};

TEST_F(ListenerLimitsTest, RateLimitedClientGets429WithRetryAfter) {
  start(limits(0, 0, 1, 2));
  for (int i = 0; i < 2; ++i) {
    auto ok = get();
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->result(), http::status::ok);
  }
  auto res = get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::too_many_requests);
  EXPECT_EQ(res->at(http::field::retry_after), "1");
  EXPECT_EQ(res->at(http::field::content_type), "application/json");
  EXPECT_NE(res->body().find(R"("reason":"rate")"), std::string::npos) << res->body();
  clock_.advance(std::chrono::seconds(1));
  auto again = get();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->result(), http::status::ok);
  EXPECT_EQ(refused_, std::vector<Refusal>{Refusal::kRate});
}

TEST_F(ListenerLimitsTest, TooManyHandshakesInFlightFromOneIpGets429) {
  start(limits(10000, 1, 0, 400));
  auto idle = idle_client();
  ASSERT_TRUE(run_until(io_, [&] { return limiter_->handshakes_in_flight(kLoopback) == 1; }));
  auto res = get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::too_many_requests);
  EXPECT_NE(res->body().find(R"("reason":"handshakes")"), std::string::npos);
  idle.reset();  // the server sees the close and frees the slot
  ASSERT_TRUE(run_until(io_, [&] { return limiter_->handshakes_in_flight(kLoopback) == 0; }));
  auto ok = get();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result(), http::status::ok);
}

TEST_F(ListenerLimitsTest, ConnectionCapGives503AndAWebSocketHoldsItsSlot) {
  start(limits(1, 0, 0, 400));
  // An open WebSocket is an open connection, after its handshake too.
  websocket::stream<beast::tcp_stream> client(io_);
  bool upgraded = false;
  client.next_layer().async_connect({kLoopback, listener_->port()}, [&](beast::error_code ec) {
    ASSERT_FALSE(ec);
    client.async_handshake("127.0.0.1", "/ws", [&](beast::error_code ec) { upgraded = !ec; });
  });
  ASSERT_TRUE(run_until(io_, [&] { return upgraded && ws_ != nullptr; }));
  EXPECT_EQ(limiter_->open_connections(), 1u);
  EXPECT_EQ(limiter_->handshakes_in_flight(kLoopback), 0u);
  auto res = get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::service_unavailable);
  EXPECT_EQ(res->at(http::field::retry_after), "5");
  EXPECT_NE(res->body().find(R"("reason":"capacity")"), std::string::npos);
  // Closing the WebSocket frees the slot.
  ws_->close();
  ws_.reset();
  beast::flat_buffer buf;
  bool closed = false;
  client.async_read(buf, [&](beast::error_code, std::size_t) { closed = true; });
  ASSERT_TRUE(run_until(io_, [&] { return closed && limiter_->open_connections() == 0; }));
  auto ok = get();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result(), http::status::ok);
}

}  // namespace
}  // namespace voxgate::net

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace voxgate::net {
namespace {

// Accept backoff: after an accept error (here EMFILE) the Listener backs off
// instead of retrying at once, and accepts again once descriptors are free.
TEST(ListenerAcceptBackoff, TooManyOpenFilesBacksOffThenRecovers) {
// GCC names the sanitizers with macros, clang with __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define VOXGATE_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(VOXGATE_TEST_SANITIZED)
  // The sanitizer runtimes open files themselves (UBSan's vptr check reads
  // /proc/self/maps); with every descriptor taken they report false errors.
  // The release run covers this test.
  GTEST_SKIP() << "needs free descriptors the sanitizer runtime would take";
#endif
  asio::io_context io;
  auto router = std::make_shared<Router>();
  router->add(http::verb::get, "/ok",
              [](const HttpRequest& req) { return Router::json(req, http::status::ok, "{}"); });
  auto listener = std::make_shared<Listener>(io, router);
  ASSERT_FALSE(listener->listen({kLoopback, 0}));
  listener->start();
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  int highest = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    highest = std::max(highest, std::stoi(e.path().filename().string()));
  }
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(highest) + 8;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  asio::ip::tcp::socket client(io);
  boost::system::error_code ec;
  client.connect({kLoopback, listener->port()}, ec);
  ASSERT_FALSE(ec) << ec.message();
  // Every descriptor left is taken: the server's accept fails with EMFILE.
  std::vector<int> fillers;
  for (int fd = ::dup(0); fd >= 0; fd = ::dup(0)) fillers.push_back(fd);
  test::run_until(
      io, [] { return false; }, std::chrono::milliseconds(200));
  const uint64_t errors = listener->accept_errors();
  for (int fd : fillers) ::close(fd);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_GE(errors, 1u);
  EXPECT_LE(errors, 8u);  // 10, 20, 40, 80 ms... not thousands in 200 ms
  // Descriptors free again: the pending connection is accepted and served.
  beast::tcp_stream stream(std::move(client));
  HttpRequest req{http::verb::get, "/ok", 11};
  req.set(http::field::host, "127.0.0.1");
  bool done = false;
  HttpResponse res;
  beast::flat_buffer buf;
  http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
    ASSERT_FALSE(wec);
    http::async_read(stream, buf, res, [&](beast::error_code, std::size_t) { done = true; });
  });
  ASSERT_TRUE(test::run_until(io, [&] { return done; }));
  EXPECT_EQ(res.result(), http::status::ok);
  listener->stop();
  io.restart();
  io.run_for(std::chrono::milliseconds(10));
}

}  // namespace
}  // namespace voxgate::net
