// The fault matrix, caller leg (BEHAVIOUR.md 4 and 5): a
// misbehaving Twilio side never hurts another call or the process, and the
// call it belongs to ends cleanly with a complete record. The matrix table
// is in fault_ai_leg_test.cpp.

#include <gtest/gtest.h>

#include "integration/bridge_harness.hpp"
#include "integration/fault_checks.hpp"
#include "integration/raw_caller.hpp"

namespace voxgate::testing {
namespace {

void expect_record(BridgeHarness& h, const std::string& sid, const std::string& end_reason) {
  auto rec = h.record("CA" + sid);
  ASSERT_TRUE(rec) << "no record for CA" << sid;
  expect_complete(*rec, end_reason);
}

TEST(FaultCallerLeg, TenMegabyteFrameIsOneCountedRejection) {
  // BEHAVIOUR 5: an oversized frame is a counted rejection of that message;
  // it is read in pieces and thrown away, and the call goes on.
  BridgeHarness h("response_seconds = 4.0\n");
  const int fds = open_fd_count();
  {
    RawCaller good(h.port());
    good.send(start_message("good"));
    {
      SyncCaller big(h.port());
      ASSERT_TRUE(big.send(start_message("big")));
      ASSERT_TRUE(h.wait_for([&] { return h.registry().size() == 2; }));
      ASSERT_TRUE(big.send(std::string(10 * 1024 * 1024, 'x')));  // over the 64 KB limit
      ASSERT_TRUE(h.wait_for([&] { return h.metrics().bad_caller_messages.value() == 1; }));
      ASSERT_TRUE(big.send(media_message_in("big", 0)));  // the call still takes media
      EXPECT_EQ(h.registry().size(), 2u);
      big.drop();
      expect_record(h, "big", "caller_hangup");
    }
    ASSERT_TRUE(good.run_until([&] { return good.media_received() >= 20; }));
    EXPECT_FALSE(good.closed());
    EXPECT_EQ(h.registry().size(), 1u);
    good.send(stop_message("good"));
    ASSERT_TRUE(good.run_until([&] { return good.closed().has_value(); }));
  }
  expect_record(h, "good", "caller_hangup");
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 1u);
  expect_nothing_left(h, fds);
}

TEST(FaultCallerLeg, EventsBeforeStartAreRejectedAndCounted) {
  // BEHAVIOUR 0: media, marks and DTMF before an admitted start are counted
  // rejections (nothing buffered, nothing forwarded); the call then starts
  // normally.
  BridgeHarness h("response_seconds = 1.0\n");
  const int fds = open_fd_count();
  {
    RawCaller c(h.port());
    for (int i = 0; i < 5; ++i) c.send(media_message_in("early", i));
    c.send(R"({"event":"mark","streamSid":"MZearly","mark":{"name":"nobody-sent-this"}})");
    c.send(
        R"({"event":"dtmf","streamSid":"MZearly","dtmf":{"track":"inbound_track","digit":"1"}})");
    c.send(start_message("early"));
    ASSERT_TRUE(c.run_until([&] { return c.media_received() >= 8; }));
    EXPECT_FALSE(c.closed());
    c.send(stop_message("early"));
    ASSERT_TRUE(c.run_until([&] { return c.closed().has_value(); }));
  }
  expect_record(h, "early", "caller_hangup");
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
  EXPECT_EQ(h.metrics_registry()
                .counter("voxgate_caller_messages_rejected_total", "", "reason=\"before_start\"")
                .value(),
            7u);
  expect_nothing_left(h, fds);
}

TEST(FaultCallerLeg, SecondStreamWithTheSameCallSidKeepsBothRecords) {
  // BEHAVIOUR 6: a second stream for one call id never overwrites the first
  // one's record (or recording).
  BridgeHarness h("response_seconds = 1.0\n");
  const int fds = open_fd_count();
  auto start_for = [](const std::string& stream) {
    telephony::twilio::Start s;
    s.sequence = 1;
    s.stream_sid = stream;
    s.call_sid = "CAsame";
    s.account_sid = "AC1";
    s.tracks = {"inbound"};
    s.media_format = {"audio/x-mulaw", 8000, 1};
    return telephony::twilio::encode_inbound(s);
  };
  for (const std::string stream : {"MZfirst", "MZsecond"}) {
    RawCaller c(h.port());
    c.send(start_for(stream));
    ASSERT_TRUE(c.run_until([&] { return c.media_received() >= 5; }));
    c.send(R"({"event":"stop","sequenceNumber":"9","streamSid":")" + stream +
           R"(","stop":{"accountSid":"AC1","callSid":"CAsame"}})");
    ASSERT_TRUE(c.run_until([&] { return c.closed().has_value(); }));
  }
  std::vector<store::CallRecord> same;
  ASSERT_TRUE(h.wait_for([&] {
    same.clear();
    for (auto& r : h.all_records())
      if (r.call_sid == "CAsame") same.push_back(r);
    return same.size() == 2;
  })) << same.size()
      << " records for CAsame";
  EXPECT_NE(same[0].stream_sid, same[1].stream_sid);
  EXPECT_NE(same[0].key, same[1].key);
  for (const auto& r : same) expect_complete(r, "caller_hangup");
  expect_nothing_left(h, fds);
}

TEST(FaultCallerLeg, MediaAfterStopIsIgnored) {
  BridgeHarness h("response_seconds = 3.0\n");
  const int fds = open_fd_count();
  {
    SyncCaller c(h.port());
    ASSERT_TRUE(c.send(start_message("late")));
    ASSERT_TRUE(h.wait_for([&] { return h.registry().size() == 1; }));
    ASSERT_TRUE(c.send(stop_message("late")));
    for (int i = 0; i < 20; ++i)
      c.send(media_message_in("late", i));  // may fail: the server closes
    expect_record(h, "late", "caller_hangup");
    EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
    c.drop();
  }
  expect_nothing_left(h, fds);
  EXPECT_EQ(h.ai_stats().connections, 1u);
}

TEST(FaultCallerLeg, DroppedSocketEndsTheCall) {
  // The caller's TCP connection goes without `stop` or a close frame, while
  // the AI is talking: the AI leg is closed and the record is final.
  BridgeHarness h("response_seconds = 5.0\n");
  const int fds = open_fd_count();
  {
    SyncCaller c(h.port());
    ASSERT_TRUE(c.send(start_message("drop")));
    for (int i = 0; i < 10; ++i) c.send(media_message_in("drop", i));
    ASSERT_TRUE(h.wait_for([&] { return h.ai_stats().deltas_sent >= 3; }));
    c.drop();
    expect_record(h, "drop", "caller_hangup");
    EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
  }
  expect_nothing_left(h, fds);
}

TEST(FaultCallerLeg, CallerThatNeverReadsIsEnded) {
  // A caller that sends media but never reads: what voxgate writes to it is
  // bounded (the connection's queue), and that call is ended.
  // 300 s of audio at once: more than the caller's queue (256 messages) and
  // the kernel's buffers toward a reader that never reads.
  BridgeHarness h("response_seconds = 300.0\nflood_deltas = true\n",
                  [](bridge::RunnerConfig& c) { c.caller_stuck_timeout = common::Millis(1000); });
  const int fds = open_fd_count();
  {
    SyncCaller stuck(h.port(), 4096);
    ASSERT_TRUE(stuck.send(start_message("stuck")));
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    int i = 0;
    // Keep talking (so no idle timeout ends it) until the call is over.
    while (h.registry().size() > 0 || i < 5) {
      if (!stuck.send(media_message_in("stuck", i++)) || std::chrono::steady_clock::now() > until)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // paced like Twilio
    }
    EXPECT_EQ(h.registry().size(), 0u)
        << "the stuck call was never ended (AI deltas sent " << h.ai_stats().deltas_sent
        << ", sends to the caller refused " << h.metrics().dropped_send_queue.value() << ")";
    EXPECT_GT(h.metrics().dropped_send_queue.value(), 0u);
    expect_record(h, "stuck", "caller_stalled");
    // Its frames were valid: only the stall guard may end it (the flake this
    // test once had was frames without streamSid, rejected as malformed, so
    // that under a slow sanitizer run the bad-message limit came first).
    EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
    stuck.drop();
  }
  expect_nothing_left(h, fds);
}

TEST(FaultCallerLeg, FiveHundredCallsAtOnce) {
  ASSERT_GE(raise_fd_limit(), 2500u) << "RLIMIT_NOFILE hard limit too low for 500 calls";
  // This is the caller leg's storm: 500 AI handshakes queue on two cores
  // (ten times slower under ASan), and the AI leg's 5 s connect timeout
  // (which bounds the upgrade too), the listener's 5 s upgrade bound, the 3 s
  // response watchdog and the 5 s start deadline would rightly call that
  // queue a dead AI or a silent caller and redial or hang up. CI last failed this
  // test under ASan about 6 s in: a 5 s bound is what fits (the upgrade's
  // was left at 5 s while the connect's had been widened). The AI
  // leg's own faults are FaultAiLeg's, admission FaultAdmission's;
  // here these deadlines only catch a real hang.
  BridgeHarness h("response_seconds = 0.5\n", [](HarnessConfig& c) {
    c.ai.connect_timeout = std::chrono::milliseconds(20000);
    c.session.ai_watchdog = common::Millis(20000);
    c.start_deadline = common::Millis(20000);
    c.http.ws_handshake_timeout = std::chrono::milliseconds(20000);
  });
  const int fds = open_fd_count();
  auto opts = h.default_call(1.5);
  opts.calls = 500;
  opts.ramp_per_sec = 1e6;  // all at once
  opts.linger_s = 1.0;
  opts.keep_heard = false;
  opts.threads = 2;
  opts.connect_timeout = std::chrono::seconds(20);
  auto report = h.call(opts);
  EXPECT_EQ(report.totals.calls_ok, 500) << report.totals.calls_failed << " failed";
  EXPECT_EQ(report.totals.protocol_errors, 0u);
  EXPECT_EQ(h.ai_stats().connections, 500u) << "more than 500: a dial timed out and was redialled";
  for (const auto& c : report.calls) {
    auto rec = h.record(c.call_sid);
    ASSERT_TRUE(rec) << "no record for " << c.call_sid;
    EXPECT_EQ(rec->end_reason, "caller_hangup");
  }
  expect_nothing_left(h, fds);
}

}  // namespace
}  // namespace voxgate::testing
