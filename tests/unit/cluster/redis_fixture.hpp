#pragma once
// One redis-server per test suite (started in SetUpTestSuite), a fresh key
// prefix per test, and a bounded wait for an asynchronous answer.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "cluster/redis_worker.hpp"
#include "redis_server.hpp"

namespace voxgate::cluster::test {

// The answer `start(callback)` gives, or nullopt after 5 s.
template <typename T, typename Start>
std::optional<ClusterResult<T>> await(Start start) {
  auto p = std::make_shared<std::promise<ClusterResult<T>>>();
  auto f = p->get_future();
  start([p](ClusterResult<T> r) { p->set_value(std::move(r)); });
  if (f.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return std::nullopt;
  return f.get();
}

class RedisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string binary = RedisServer::find_binary();
    if (binary.empty()) return;
    auto s = RedisServer::launch(binary);
    if (s) {
      server_ = std::move(s.value());
    } else {
      launch_error_ = s.error();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (!server_) {
      const std::string why = launch_error_.empty()
                                  ? "no redis-server (install redis-server or set "
                                    "VOXGATE_REDIS_SERVER)"
                                  : "redis-server did not start: " + launch_error_;
      if (RedisServer::required()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    prefix_ =
        std::string("t:") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ":";
  }

  // A worker: one "instance"'s connection. Connected when returned.
  std::unique_ptr<RedisWorker> worker() {
    RedisWorkerOptions o;
    o.endpoint = parse_redis_url(server_->url()).value();
    o.command_timeout = std::chrono::milliseconds(500);
    o.max_backoff = std::chrono::milliseconds(200);
    auto w = std::make_unique<RedisWorker>(o);
    EXPECT_TRUE(w->wait_connected(std::chrono::seconds(5))) << w->last_error();
    return w;
  }

  RedisEndpoint endpoint() const { return parse_redis_url(server_->url()).value(); }

  // Runs a raw command; the reply, or a failed expectation.
  static RedisReply raw(RedisWorker& w, RedisWorker::Command cmd) {
    auto r = await<RedisReply>([&](auto cb) { w.run(std::move(cmd), cb); });
    EXPECT_TRUE(r && r->ok()) << (r ? r->error() : "timeout");
    return r && r->ok() ? r->value() : RedisReply{};
  }

  // Polls Redis (bounded, 5 s) until `key` is gone.
  static bool wait_gone(RedisWorker& w, const std::string& key) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (raw(w, {"EXISTS", key}).integer == 0) return true;
    }
    return false;
  }

  static inline std::unique_ptr<RedisServer> server_;
  static inline std::string launch_error_;
  std::string prefix_;
};

}  // namespace voxgate::cluster::test
