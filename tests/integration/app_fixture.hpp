#pragma once
// AppFixture: the whole application (VoxgateApp) against tools/fakeai on
// loopback, with a real SQLite file per test; plus a blocking HTTP request
// and a deadline wait for the tests that drive it from outside.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "config/config.hpp"
#include "fakeai/script.hpp"
#include "fakeai/server.hpp"

namespace voxgate::testing {

namespace http = boost::beast::http;

// One HTTP/1.1 exchange with 127.0.0.1:`port` (Host and Content-Length set).
inline http::response<http::string_body> http_request(uint16_t port,
                                                      http::request<http::string_body> req) {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(stream, buf, res);
  return res;
}

// Polls `cond` every 10 ms until it holds or `limit` passes.
inline bool wait_until(const std::function<bool()>& cond, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!cond()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class AppFixture : public ::testing::Test {
 protected:
  void start_fake(const std::string& script_toml = "response_seconds = 1.0\n") {
    auto script = fakeai::Script::from_toml(script_toml);
    ASSERT_TRUE(script.ok());
    fake_ = std::make_unique<fakeai::FakeAiServer>(fake_io_, std::move(script).value());
    fake_thread_ = std::thread([this] { fake_io_.run(); });
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // A parameterised test's name holds a '/' ("Suite.Test/param").
    std::string name = info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    db_ = (std::filesystem::temp_directory_path() /
           ("voxgate_app_" + name + "_" + std::to_string(::getpid()) + ".db"))
              .string();
    std::filesystem::remove(db_);
    config_.server.port = 0;
    config_.server.threads = 2;
    config_.ai.agent = "url";
    config_.ai.url = "ws://127.0.0.1:" + std::to_string(fake_->port()) + "/v1/realtime";
    config_.store.db = db_;
    config_.call.greeting.instructions = "Greet.";
  }
  void TearDown() override {
    if (fake_) fake_->stop();
    work_.reset();
    fake_io_.stop();
    if (fake_thread_.joinable()) fake_thread_.join();
    std::filesystem::remove(db_);
  }
  boost::asio::io_context fake_io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      fake_io_.get_executor()};
  std::unique_ptr<fakeai::FakeAiServer> fake_;
  std::thread fake_thread_;
  std::string db_;
  config::Config config_;
};

}  // namespace voxgate::testing
