// Admission (BEHAVIOUR 0) tried as an attacker would, over real sockets:
// before a stream's start is admitted, voxgate dials no AI leg, forwards
// nothing, writes no record; silent and unadmitted sockets are closed at the
// start deadline; one address cannot hold more than a set number of them,
// and capacity counts admitted calls only.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "integration/bridge_harness.hpp"
#include "integration/fault_checks.hpp"
#include "integration/raw_caller.hpp"

namespace voxgate::testing {
namespace {

constexpr uint16_t kPolicyViolation = 1008;
constexpr uint16_t kTryAgainLater = 1013;

uint64_t counter(BridgeHarness& h, const std::string& name, const std::string& labels) {
  return h.metrics_registry().counter(name, "", labels).value();
}

uint64_t refused(BridgeHarness& h, const std::string& reason) {
  return counter(h, "voxgate_streams_refused_total", "reason=\"" + reason + "\"");
}

auto short_deadline(int ms) {
  return [ms](bridge::RunnerConfig& c) { c.start_deadline = common::Millis(ms); };
}

TEST(FaultAdmission, MediaAndDtmfWithoutStartReachNothingAndAreClosed) {
  BridgeHarness h("response_seconds = 1.0\n", short_deadline(500));
  const int fds = open_fd_count();
  {
    RawCaller c(h.port());
    for (int i = 0; i < 5; ++i) c.send(media_message_in("nostart", i));
    c.send(
        R"({"event":"dtmf","streamSid":"MZnostart","dtmf":{"track":"inbound_track","digit":"1"}})");
    ASSERT_TRUE(c.run_until([&] { return c.closed().has_value(); }));
    EXPECT_EQ(c.closed()->code, kPolicyViolation);
    EXPECT_EQ(c.media_received(), 0u);
  }
  EXPECT_EQ(h.ai_stats().connections, 0u) << "an AI leg was dialled for an unadmitted stream";
  EXPECT_EQ(counter(h, "voxgate_caller_messages_rejected_total", "reason=\"before_start\""), 6u);
  EXPECT_EQ(refused(h, "start_deadline"), 1u);
  EXPECT_FALSE(h.record("CAnostart", std::chrono::seconds(1)));
  expect_nothing_left(h, fds);
}

TEST(FaultAdmission, SilentSocketIsClosedAtTheStartDeadline) {
  BridgeHarness h("response_seconds = 1.0\n", short_deadline(300));
  const int fds = open_fd_count();
  {
    SyncCaller silent(h.port());
    EXPECT_EQ(silent.wait_closed(), kPolicyViolation);
  }
  EXPECT_EQ(h.ai_stats().connections, 0u);
  EXPECT_EQ(refused(h, "start_deadline"), 1u);
  expect_nothing_left(h, fds);
}

TEST(FaultAdmission, UnadmittedFloodFromOneAddressLeavesOtherCallersServed) {
  raise_fd_limit();
  BridgeHarness h("response_seconds = 1.0\n", short_deadline(3000), std::nullopt,
                  bridge::MediaGate::Limits{100, 16});
  const int fds = open_fd_count();
  {
    std::vector<std::unique_ptr<SyncCaller>> flood;
    for (int i = 0; i < 300; ++i) flood.push_back(std::make_unique<SyncCaller>(h.port()));
    ASSERT_TRUE(h.wait_for([&] { return refused(h, "address_limit") == 284u; }))
        << refused(h, "address_limit");
    EXPECT_EQ(h.gate()->unadmitted(), 16u);

    SyncCaller good(h.port(), 0, "127.0.0.2");
    ASSERT_TRUE(good.send(start_message("other")));
    ASSERT_TRUE(
        h.wait_for([&] { return h.registry().size() == 1 && h.ai_stats().connections == 1; }));
    EXPECT_EQ(h.gate()->admitted(), 1u);
    ASSERT_TRUE(good.send(stop_message("other")));
    auto rec = h.record("CAother");
    ASSERT_TRUE(rec);
    expect_complete(*rec, "caller_hangup");
    for (auto& f : flood) f->drop();
  }
  EXPECT_EQ(h.ai_stats().connections, 1u);
  expect_nothing_left(h, fds);
}

TEST(FaultAdmission, CapacityCountsAdmittedCallsOnly) {
  BridgeHarness h("response_seconds = 4.0\n", {}, std::nullopt, bridge::MediaGate::Limits{1, 16});
  const int fds = open_fd_count();
  {
    RawCaller first(h.port());
    RawCaller waiting(h.port());  // open but not started: not a call yet
    first.send(start_message("first"));
    ASSERT_TRUE(h.wait_for([&] { return h.registry().size() == 1; }));
    RawCaller second(h.port());
    second.send(start_message("second"));
    ASSERT_TRUE(second.run_until([&] { return second.closed().has_value(); }));
    EXPECT_EQ(second.closed()->code, kTryAgainLater);
    EXPECT_EQ(refused(h, "capacity"), 1u);
    ASSERT_TRUE(first.run_until([&] { return first.media_received() >= 5; }));
    EXPECT_FALSE(first.closed());
    first.send(stop_message("first"));
    ASSERT_TRUE(first.run_until([&] { return first.closed().has_value(); }));
  }
  EXPECT_EQ(h.ai_stats().connections, 1u);
  EXPECT_FALSE(h.record("CAsecond", std::chrono::seconds(1)));
  expect_nothing_left(h, fds);
}

}  // namespace
}  // namespace voxgate::testing
