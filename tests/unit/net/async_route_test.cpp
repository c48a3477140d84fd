// Asynchronous routes (Router::add_async): the answer may come later, from
// another thread; the session bounds the wait and survives the client going.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <thread>

#include "net/listener.hpp"
#include "net/router.hpp"
#include "net_test_support.hpp"

namespace voxgate::net::test {
namespace {

std::shared_ptr<HttpExchange> send(asio::io_context& io, uint16_t port, const std::string& target) {
  return start_http_request(io, port, {bhttp::verb::get, target, 11});
}

class AsyncRouteTest : public ::testing::Test {
 protected:
  void start(std::chrono::milliseconds async_timeout = std::chrono::seconds(5)) {
    auto router = std::make_shared<Router>();
    // Keeps the reply for the test to answer (or not).
    router->add_async(http::verb::get, "/later", [this](const HttpRequest&, HttpAnswer reply) {
      std::lock_guard lock(mu_);
      pending_ = std::move(reply);
    });
    router->add(http::verb::get, "/now", [](const HttpRequest& req) {
      return Router::json(req, http::status::ok, R"({"now":true})");
    });
    HttpOptions opts;
    opts.async_timeout = async_timeout;
    listener_ = std::make_shared<Listener>(io_, router, opts);
    ASSERT_FALSE(listener_->listen({asio::ip::make_address("127.0.0.1"), 0}));
    listener_->start();
  }
  void TearDown() override {
    if (listener_) listener_->stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }
  bool handler_called() {
    return run_until(io_, [this] {
      std::lock_guard lock(mu_);
      return static_cast<bool>(pending_);
    });
  }
  // Answers the kept reply from another thread, as a Redis worker would.
  void answer_from_another_thread(http::status status, std::string body) {
    HttpAnswer reply;
    {
      std::lock_guard lock(mu_);
      reply = pending_;
    }
    std::thread([reply, status, body] {
      HttpRequest req{http::verb::get, "/later", 11};
      reply(Router::json(req, status, body));
    }).join();
  }

  asio::io_context io_;
  std::shared_ptr<Listener> listener_;
  std::mutex mu_;
  HttpAnswer pending_;
};

TEST_F(AsyncRouteTest, TheAnswerFromAnotherThreadArrives) {
  start();
  auto x = send(io_, listener_->port(), "/later");
  ASSERT_TRUE(handler_called());
  EXPECT_FALSE(x->done);  // nothing is written before the route answers
  answer_from_another_thread(http::status::accepted, R"({"later":true})");
  ASSERT_TRUE(run_until(io_, [&] { return x->done; }));
  ASSERT_TRUE(x->ok);
  EXPECT_EQ(x->res.result(), http::status::accepted);
  EXPECT_EQ(x->res.body(), R"({"later":true})");
  EXPECT_EQ(x->res.version(), 11u);
}

TEST_F(AsyncRouteTest, OnlyTheFirstAnswerCounts) {
  start();
  auto x = send(io_, listener_->port(), "/later");
  ASSERT_TRUE(handler_called());
  answer_from_another_thread(http::status::ok, "first");
  answer_from_another_thread(http::status::conflict, "second");
  ASSERT_TRUE(run_until(io_, [&] { return x->done; }));
  EXPECT_EQ(x->res.body(), "first");
  // The connection is still in order: the next request gets its own answer.
  x->req = {bhttp::verb::get, "/now", 11};
  HttpExchange::write_then_read(x);
  ASSERT_TRUE(run_until(io_, [&] { return x->done; }));
  EXPECT_EQ(x->res.body(), R"({"now":true})");
}

TEST_F(AsyncRouteTest, ARouteThatNeverAnswersIs503AfterTheTimeout) {
  start(std::chrono::milliseconds(100));
  auto x = send(io_, listener_->port(), "/later");
  ASSERT_TRUE(handler_called());
  ASSERT_TRUE(run_until(io_, [&] { return x->done; }));
  ASSERT_TRUE(x->ok);
  EXPECT_EQ(x->res.result(), http::status::service_unavailable);
  EXPECT_EQ(x->res.body(), R"({"error":"no answer in time"})");
  // An answer after the timeout is dropped, not written.
  answer_from_another_thread(http::status::ok, "late");
  io_.restart();
  io_.poll();
}

TEST_F(AsyncRouteTest, TheClientClosingFirstIsSafe) {
  start(std::chrono::milliseconds(200));
  auto x = send(io_, listener_->port(), "/later");
  ASSERT_TRUE(handler_called());
  x->stream.close();
  // The session is gone once its wait is over; the kept reply outlives it.
  ASSERT_TRUE(run_until(io_, [&] { return x->done; }));
  answer_from_another_thread(http::status::ok, "to nobody");
  io_.restart();
  io_.run_for(std::chrono::milliseconds(300));  // past the timeout: its 503 fails quietly
  answer_from_another_thread(http::status::ok, "to nobody, again");
  io_.restart();
  io_.poll();
  // The server still answers.
  auto y = send(io_, listener_->port(), "/now");
  ASSERT_TRUE(run_until(io_, [&] { return y->done; }));
  EXPECT_EQ(y->res.body(), R"({"now":true})");
}

TEST(AsyncRouter, ASynchronousCallerGets503WhenTheAnswerComesLater) {
  Router r;
  HttpAnswer kept;
  r.add_async(http::verb::get, "/later",
              [&kept](const HttpRequest&, HttpAnswer reply) { kept = std::move(reply); });
  r.add_async(http::verb::get, "/at-once", [](const HttpRequest& req, HttpAnswer reply) {
    reply(Router::json(req, http::status::ok, "{}"));
  });
  HttpRequest req{http::verb::get, "/later", 10};
  EXPECT_EQ(r.route(req).result(), http::status::service_unavailable);
  kept(Router::json(req, http::status::ok, "{}"));  // late: dropped, harmless
  const auto res = r.route(HttpRequest{http::verb::get, "/at-once", 10});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.version(), 10u);
}

}  // namespace
}  // namespace voxgate::net::test
