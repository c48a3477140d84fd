// The whole application (VoxgateApp) as an operator runs it: HTTP routes,
// metrics, and a graceful shutdown with a call in progress.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <filesystem>
#include <future>

#include "app/commands.hpp"
#include "app/voxgate_app.hpp"
#include "callsim/simulation.hpp"
#include "fakeai/server.hpp"
#include "integration/app_fixture.hpp"

namespace voxgate::testing {
namespace {

http::response<http::string_body> get(uint16_t port, const std::string& target,
                                      const std::string& token = {}) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  return http_request(port, std::move(req));
}

// fakeai with its default script; one database file per test (ctest runs
// tests as parallel processes).
class AppTest : public AppFixture {
 protected:
  void SetUp() override { start_fake(""); }
};

TEST_F(AppTest, ServesHealthReadinessAndMetrics) {
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  EXPECT_EQ(get(vox.port(), "/healthz").result(), http::status::ok);
  EXPECT_EQ(get(vox.port(), "/readyz").result(), http::status::ok);
  auto metrics = get(vox.port(), "/metrics");
  EXPECT_EQ(metrics.result(), http::status::ok);
  EXPECT_NE(metrics.body().find("# TYPE voxgate_active_calls gauge"), std::string::npos);
  EXPECT_NE(metrics.body().find("voxgate_barge_in_latency_seconds_bucket"), std::string::npos);
  EXPECT_EQ(get(vox.port(), "/nope").result(), http::status::not_found);
  vox.stop();
}

TEST_F(AppTest, ShutdownEndsLiveCallsAndWritesTheirRecords) {
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
  sim.seconds = 30;
  sim.source = callsim::SourceKind::kSilence;
  auto done = std::async(std::launch::async, [sim] { return callsim::run_simulation(sim); });
  // Stop once the call is live (the gauge says so), not after a guessed delay.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (vox.calls().size() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(vox.calls().size(), 1u);
  // The call would run 30 s: after the 1 s grace it is ended for the shutdown.
  vox.stop(std::chrono::seconds(1));
  auto report = done.get();
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_EQ(report.calls[0].ended_by, "server");
  auto record = vox.store()->get(report.calls[0].call_sid);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->end_reason, "shutdown");
}

TEST_F(AppTest, BadPortIsAClearStartError) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  config_.server.port = taken.local_endpoint().port();
  app::VoxgateApp vox(config_);
  auto r = vox.start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("cannot listen"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::testing

namespace voxgate::testing {
namespace {

TEST_F(AppTest, ApiListsFinishedCallsBehindItsToken) {
  config_.api.token = "op-secret";
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
  sim.seconds = 0.5;
  sim.source = callsim::SourceKind::kSilence;
  auto report = callsim::run_simulation(sim);
  ASSERT_EQ(report.calls.size(), 1u);
  const std::string id = report.calls[0].call_sid;
  EXPECT_EQ(get(vox.port(), "/api/calls").result(), http::status::unauthorized);
  EXPECT_EQ(get(vox.port(), "/api/calls", "wrong").result(), http::status::unauthorized);
  // The record is written off-thread once the call has ended.
  http::response<http::string_body> one;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    one = get(vox.port(), "/api/calls/" + id, "op-secret");
  } while (one.result() != http::status::ok && std::chrono::steady_clock::now() < until &&
           (std::this_thread::sleep_for(std::chrono::milliseconds(20)), true));
  ASSERT_EQ(one.result(), http::status::ok) << one.body();
  EXPECT_NE(one.body().find("\"end_reason\":\"caller_hangup\""), std::string::npos);
  auto list = get(vox.port(), "/api/calls?limit=10", "op-secret");
  EXPECT_EQ(list.result(), http::status::ok);
  EXPECT_NE(list.body().find(id), std::string::npos);
  vox.stop();
}

// SIGTERM with a call live (README: SIGTERM drains), through serve's own signal
// wait (app::wait_for_stop_signal): the call is ended for the shutdown and
// its record is written.
TEST_F(AppTest, SigtermWithACallLiveEndsItCleanly) {
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
  sim.seconds = 30;
  sim.source = callsim::SourceKind::kSilence;
  auto done = std::async(std::launch::async, [sim] { return callsim::run_simulation(sim); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (vox.calls().size() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(vox.calls().size(), 1u);
  // Ignored until the signal wait has taken SIGTERM over, so no signal sent
  // before that can kill the test process; sent until the wait returns.
  std::signal(SIGTERM, SIG_IGN);
  auto waiter = std::async(std::launch::async, [] { app::wait_for_stop_signal(); });
  while (waiter.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready &&
         std::chrono::steady_clock::now() < until + std::chrono::seconds(10)) {
    ::kill(::getpid(), SIGTERM);
  }
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  std::signal(SIGTERM, SIG_DFL);
  vox.stop(std::chrono::seconds(1));
  auto report = done.get();
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_EQ(report.calls[0].ended_by, "server");
  auto record = vox.store()->get(report.calls[0].call_sid);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->end_reason, "shutdown");
  EXPECT_EQ(vox.calls().size(), 0u);
}

}  // namespace
}  // namespace voxgate::testing

namespace voxgate::testing {
namespace {

// BEHAVIOUR 0: a public bind, a paid AI leg and no caller authentication.
TEST_F(AppTest, PublicBindWithPaidAiAndNoCallerAuthIsRefusedUnlessAllowed) {
  config_.server.host = "0.0.0.0";
  config_.ai.agent = "openai";
  config_.ai.api_key = "sk-test";
  {
    app::VoxgateApp vox(config_);
    auto r = vox.start();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("refusing to start"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("TWILIO_AUTH_TOKEN"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("--allow-unauthenticated"), std::string::npos) << r.error();
  }
  // "auto" with a key set is OpenAI too; a url agent on another host is paid.
  config_.ai.agent = "auto";
  EXPECT_FALSE(app::VoxgateApp(config_).start().ok());
  config_.ai.agent = "url";
  config_.ai.url = "wss://realtime.example.com/v1/realtime";
  EXPECT_FALSE(app::VoxgateApp(config_).start().ok());
  config_.server.allow_unauthenticated = true;
  {
    app::VoxgateApp vox(config_);
    EXPECT_TRUE(vox.start().ok());
    vox.stop();
  }
}

TEST_F(AppTest, PublicBindStartsWithCallerAuthOrAFreeAiLeg) {
  config_.server.host = "0.0.0.0";
  {  // the fixture's url agent dials loopback: nothing paid
    app::VoxgateApp vox(config_);
    EXPECT_TRUE(vox.start().ok());
  }
  config_.ai.agent = "openai";
  config_.ai.api_key = "sk-test";
  config_.server.twilio_auth_token = "tw";
  config_.server.stream_token = true;
  {
    app::VoxgateApp vox(config_);
    EXPECT_TRUE(vox.start().ok());
  }
  // A token with the stream token turned off leaves /media open.
  config_.server.stream_token = false;
  app::VoxgateApp vox(config_);
  auto r = vox.start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("server.stream_token"), std::string::npos) << r.error();
}

TEST_F(AppTest, MetricsOnTheirOwnListenerAreNotOnTheMainOne) {
  config_.server.metrics_listen = "127.0.0.1:0";
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  ASSERT_NE(vox.metrics_port(), 0);
  ASSERT_NE(vox.metrics_port(), vox.port());
  EXPECT_EQ(get(vox.port(), "/metrics").result(), http::status::not_found);
  EXPECT_EQ(get(vox.port(), "/healthz").result(), http::status::ok);
  auto metrics = get(vox.metrics_port(), "/metrics");
  EXPECT_EQ(metrics.result(), http::status::ok);
  EXPECT_NE(metrics.body().find("# TYPE voxgate_active_calls gauge"), std::string::npos);
  // Only /metrics there.
  EXPECT_EQ(get(vox.metrics_port(), "/healthz").result(), http::status::not_found);
  vox.stop();
}

TEST_F(AppTest, MetricsTokenIsRequiredOnEitherListener) {
  config_.server.metrics_token = "scrape-me";
  {
    app::VoxgateApp vox(config_);
    ASSERT_TRUE(vox.start().ok());
    EXPECT_EQ(get(vox.port(), "/metrics").result(), http::status::unauthorized);
    EXPECT_EQ(get(vox.port(), "/metrics", "wrong").result(), http::status::unauthorized);
    EXPECT_EQ(get(vox.port(), "/metrics", "scrape-me").result(), http::status::ok);
  }
  config_.server.metrics_listen = "127.0.0.1:0";
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  EXPECT_EQ(get(vox.metrics_port(), "/metrics").result(), http::status::unauthorized);
  EXPECT_EQ(get(vox.metrics_port(), "/metrics", "scrape-me").result(), http::status::ok);
}

}  // namespace
}  // namespace voxgate::testing
