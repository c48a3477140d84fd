#include "cluster/control_bus.hpp"

#include "redis_fixture.hpp"

namespace voxgate::cluster::test {
namespace {

using ControlBusTest = RedisTest;

// Declared after a bus: stops the worker before the bus goes, as the
// cluster state does (the worker's callbacks use the bus).
struct StopFirst {
  RedisWorker& worker;
  ~StopFirst() { worker.stop(); }
};

std::optional<ClusterResult<ControlAnswer>> ask(ControlBus& bus, const std::string& owner,
                                                const ControlRequest& req) {
  return await<ControlAnswer>([&](auto cb) { bus.request(owner, req, cb); });
}

TEST_F(ControlBusTest, TheHolderRunsTheRequestAndTheAskerGetsItsAnswer) {
  auto wa = worker();
  auto wb = worker();
  const std::chrono::milliseconds bound(2000);
  ControlBus a({endpoint(), prefix_, "A", bound}, *wa, [](const ControlRequest&) {
    return ControlAnswer{500, "A was asked"};
  });
  StopFirst stop_a{*wa};
  ControlBus b({endpoint(), prefix_, "B", bound}, *wb, [](const ControlRequest& r) {
    return ControlAnswer{202, r.method + " " + r.target + " " + r.body};
  });
  ASSERT_TRUE(a.wait_subscribed(std::chrono::seconds(5)));
  ASSERT_TRUE(b.wait_subscribed(std::chrono::seconds(5)));
  auto answer = ask(a, "B", {"POST", "/api/calls/CA1/say", R"({"text":"hi"})"});
  ASSERT_TRUE(answer && answer->ok()) << (answer ? answer->error() : "timeout");
  EXPECT_EQ(answer->value().status, 202);
  EXPECT_EQ(answer->value().body, R"(POST /api/calls/CA1/say {"text":"hi"})");
}

TEST_F(ControlBusTest, AnInstanceNobodyListensForIsAnErrorAtOnce) {
  auto wa = worker();
  ControlBus a({endpoint(), prefix_, "A", std::chrono::seconds(2)}, *wa, [](const ControlRequest&) {
    return ControlAnswer{200, ""};
  });
  StopFirst stop_a{*wa};
  ASSERT_TRUE(a.wait_subscribed(std::chrono::seconds(5)));
  const auto t0 = std::chrono::steady_clock::now();
  auto answer = ask(a, "gone", {"POST", "/api/calls/CA1/hangup", ""});
  ASSERT_TRUE(answer);
  ASSERT_FALSE(answer->ok());
  EXPECT_EQ(answer->error(), "instance gone is not listening");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST_F(ControlBusTest, AHolderThatDoesNotAnswerIsAnErrorAfterTheBound) {
  auto wa = worker();
  // Listens on B's channel and never answers.
  RedisSubscriber mute(endpoint(), {prefix_ + "control:B"},
                       {[](const std::string&, const std::string&) {}, {}});
  ASSERT_TRUE(mute.wait_subscribed(std::chrono::seconds(5)));
  ControlBus a({endpoint(), prefix_, "A", std::chrono::milliseconds(300)}, *wa,
               [](const ControlRequest&) {
                 return ControlAnswer{200, ""};
               });
  StopFirst stop_a{*wa};
  ASSERT_TRUE(a.wait_subscribed(std::chrono::seconds(5)));
  const auto t0 = std::chrono::steady_clock::now();
  auto answer = ask(a, "B", {"POST", "/api/calls/CA1/hangup", ""});
  ASSERT_TRUE(answer);
  ASSERT_FALSE(answer->ok());
  EXPECT_EQ(answer->error(), "instance B did not answer within 300 ms");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(300));
}

TEST_F(ControlBusTest, StoppingFailsWhatIsPending) {
  auto wa = worker();
  RedisSubscriber mute(endpoint(), {prefix_ + "control:B"},
                       {[](const std::string&, const std::string&) {}, {}});
  ASSERT_TRUE(mute.wait_subscribed(std::chrono::seconds(5)));
  ControlBus a({endpoint(), prefix_, "A", std::chrono::seconds(30)}, *wa,
               [](const ControlRequest&) {
                 return ControlAnswer{200, ""};
               });
  StopFirst stop_a{*wa};
  std::promise<ClusterResult<ControlAnswer>> got;
  a.request("B", {"POST", "/x", ""}, [&](ClusterResult<ControlAnswer> r) { got.set_value(r); });
  a.stop();
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto r = f.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "stopping");
}

}  // namespace
}  // namespace voxgate::cluster::test
