// The fault matrix, AI leg (BEHAVIOUR.md 5): each fault injected
// by tools/fakeai into a real call over loopback sockets, with the outcome
// asserted from the outside (what the caller heard, how the call ended), the
// call record complete, and nothing left behind (fault_checks.hpp).
//
// The whole matrix, and where each case is tested (A = this file, C =
// fault_caller_leg_test.cpp, D = fault_admission_test.cpp, B = call_bridge_test.cpp, I =
// bad_input_test.cpp, K = ai_client_test.cpp, P = app_test.cpp):
//
// clang-format off
// | leg    | fault                              | outcome asserted                 | test
// |--------|------------------------------------|----------------------------------|-------------------------------------------
// | AI     | refuses the handshake (503) always | fallback heard, ai_failure       | A FaultAiLeg.RefusedEveryTimeFallsBack
// | AI     | refuses the handshake once         | redialled, greeting heard        | A FaultAiLeg.RefusedOnceIsRedialled
// | AI     | 401 (bad key) at the handshake     | fatal, typed, key not logged     | K WrongKeyIsAFatalHandshakeFailure
// | AI     | TLS failure (wss:// to plain)      | fallback heard, ai_failure       | A FaultAiLeg.TlsFailureFallsBack
// | AI     | closes before session.created      | redialled, greeting heard        | A FaultAiLeg.CloseBeforeSessionCreatedIsRedialled
// | AI     | drops TCP mid-call                 | reconnected, call goes on        | B AiLegDropIsRecoveredByReconnecting
// | AI     | close frame 1011 mid-response      | reconnected, call goes on        | A FaultAiLeg.CloseMidResponseReconnects
// | AI     | close frame 4000                   | fallback, no redial              | A FaultAiLeg.CloseCode4000IsNotRedialled
// | AI     | malformed JSON once                | counted, response plays whole    | A FaultAiLeg.MalformedOnceIsCountedOnly
// | AI     | malformed JSON repeatedly          | leg failed, reconnected          | A FaultAiLeg.MalformedRepeatedlyFailsTheLeg
// | AI     | each documented `error` code       | ignored / counted / fallback     | A Codes/FaultAiErrorCodes.* (one per code)
// | AI     | stalls mid-response                | watchdog, reconnected            | B StalledAiLegIsCaughtByTheWatchdog
// | AI     | silent, no pongs, nothing owed     | liveness ping, reconnected       | A FaultAiLeg.SilentPeerBetweenTurnsIsCaughtByLiveness
// | AI     | silent, no pongs, mid-greeting     | failed <= 3 s, greeting again    | A FaultAiLeg.StalledMidResponseIsFailedWithinThreeSeconds
// | AI     | every response failed, quota       | fallback, one connection         | A FaultAiLeg.EveryResponseFailingWithInsufficientQuotaFallsBack
// | AI     | failed responses past threshold    | counted, leg failed, redialled   | A FaultAiLeg.FailedResponsesPastTheThresholdFailTheLeg
// | AI     | deltas faster than real time       | all audio heard, marks echoed    | A FaultAiLeg.FloodedDeltasAllReachTheCaller
// | AI     | audio for an unknown response id   | dropped, counted                 | A FaultAiLeg.AudioForUnknownResponseIsDropped
// | AI     | audio for a cancelled response id  | dropped, counted                 | B BargeInClearsCancelsTruncatesAndDropsLateAudio
// | AI     | response.done with no deltas       | call goes on, next turn answered | A FaultAiLeg.ResponseWithoutAudioDoesNotHang
// | AI     | session-length limit mid-call      | reconnected, transcript restored | A FaultAiLeg.SessionLengthLimitReconnectsAndRestores
// | caller | invalid JSON, bad base64, unknown  | counted, call goes on            | I MalformedCallerMessagesAreCountedAndTheCallGoesOn
// | caller | garbage past the threshold         | that call ends (1008) alone      | I AFloodOfGarbageEndsOnlyThatCall
// | caller | a 10 MB frame                      | one counted rejection, call on   | C FaultCallerLeg.TenMegabyteFrameIsOneCountedRejection
// | caller | events before `start`              | rejected, counted, call starts   | C FaultCallerLeg.EventsBeforeStartAreRejectedAndCounted
// | caller | media + DTMF, never a `start`      | no AI leg, closed 1008           | D FaultAdmission.MediaAndDtmfWithoutStartReachNothingAndAreClosed
// | caller | silent socket                      | closed 1008 at the deadline      | D FaultAdmission.SilentSocketIsClosedAtTheStartDeadline
// | caller | 300 unadmitted from one address    | capped; others still served      | D FaultAdmission.UnadmittedFloodFromOneAddressLeavesOtherCallersServed
// | caller | a start past capacity              | 1013, admitted calls unaffected  | D FaultAdmission.CapacityCountsAdmittedCallsOnly
// | caller | media after `stop`                 | ignored, record final            | C FaultCallerLeg.MediaAfterStopIsIgnored
// | caller | socket dropped without `stop`      | caller_hangup, AI leg closed     | C FaultCallerLeg.DroppedSocketEndsTheCall
// | caller | never reads                        | bounded queue, caller_stalled    | C FaultCallerLeg.CallerThatNeverReadsIsEnded
// | caller | 500 calls connecting at once       | all served, records, all freed   | C FaultCallerLeg.FiveHundredCallsAtOnce
// | process| SIGTERM with a call live           | call ended, record "shutdown"    | P SigtermWithACallLiveEndsItCleanly
// clang-format on

#include <gtest/gtest.h>

#include "integration/bridge_harness.hpp"
#include "integration/fault_checks.hpp"

namespace voxgate::testing {
namespace {

constexpr double kBytesPerSecond = 8000.0;

double seconds_heard(const callsim::CallReport& c) {
  return static_cast<double>(c.bytes_received) / kBytesPerSecond;
}

// One call through a harness running `script`; checks what every fault case
// shares (one call, a complete record with `end_reason`, nothing left).
struct FaultRun {
  callsim::CallReport call;
  store::CallRecord record;
  fakeai::Stats ai;
};

FaultRun run_one(BridgeHarness& h, double seconds, const std::string& end_reason,
                 double linger_s = 0) {
  const int fds = open_fd_count();
  auto opts = h.default_call(seconds);
  opts.linger_s = linger_s;
  auto report = h.call(opts);
  FaultRun run;
  EXPECT_EQ(report.calls.size(), 1u);
  if (report.calls.empty()) return run;
  run.call = report.calls[0];
  EXPECT_EQ(run.call.protocol_errors, 0u);
  auto rec = h.record(run.call.call_sid);
  EXPECT_TRUE(rec) << "no record for " << run.call.call_sid;
  if (rec) {
    run.record = *rec;
    expect_complete(run.record, end_reason);
  }
  expect_nothing_left(h, fds);
  run.ai = h.ai_stats();
  return run;
}

void tune_fast_reconnect(bridge::RunnerConfig& c) {
  c.session.reconnect_max_attempts = 2;
  c.session.reconnect_backoff = common::Millis(50);
}

// Every dial fails: the reconnect budget runs out and the caller hears the
// fallback message, then the call ends (BEHAVIOUR 5.4).
void expect_fallback(BridgeHarness& h) {
  auto run = run_one(h, 15.0, "ai_failure");
  EXPECT_EQ(run.call.ended_by, "server");
  EXPECT_GT(seconds_heard(run.call), 4.0);  // the ~5 s fallback clip, whole
  EXPECT_EQ(h.metrics().fallbacks.value(), 1u);
  EXPECT_TRUE(has_event(run.record, "ai_leg_fatal"));
}

TEST(FaultAiLeg, RefusedEveryTimeFallsBack) {
  BridgeHarness h("refuse_connections = true\n", tune_fast_reconnect);
  expect_fallback(h);
  EXPECT_GE(h.ai_stats().refused, 2u);
}

TEST(FaultAiLeg, TlsFailureFallsBack) {
  // fakeai speaks plain WebSocket: a wss:// dial fails in the TLS handshake.
  BridgeHarness h("response_seconds = 1.0\n", [](HarnessConfig& c) {
    tune_fast_reconnect(c);
    c.ai.url.replace(0, 5, "wss://");
  });
  expect_fallback(h);
  EXPECT_EQ(h.ai_stats().connections, 0u);
}

// The leg fails while being set up; the redial gets a working leg and the
// greeting is heard (not a silent call).
void expect_redialled_greeting(const std::string& script) {
  BridgeHarness h(script);
  auto run = run_one(h, 4.0, "caller_hangup", 1.0);
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.call.ended_by, "caller");
  // The holding prompt while redialling, then the whole 1 s greeting.
  EXPECT_EQ(run.ai.responses_completed, 1u);
  EXPECT_GT(seconds_heard(run.call), 2.0);
  EXPECT_GE(h.metrics().reconnects.value(), 1u);
  EXPECT_TRUE(has_event(run.record, "reconnected"));
}

TEST(FaultAiLeg, RefusedOnceIsRedialled) {
  expect_redialled_greeting(
      "response_seconds = 1.0\nrefuse_connections = true\n"
      "fault_connections = 1\n");
}

TEST(FaultAiLeg, CloseBeforeSessionCreatedIsRedialled) {
  expect_redialled_greeting(
      "response_seconds = 1.0\nclose_before_created = true\n"
      "fault_connections = 1\n");
}

TEST(FaultAiLeg, CloseMidResponseReconnects) {
  BridgeHarness h(
      "response_seconds = 3.0\nclose_after_ms = 1000\nclose_code = 1011\n"
      "fault_connections = 1\n");
  auto run = run_one(h, 4.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 2u);
  EXPECT_EQ(run.ai.closes_injected, 1u);
  EXPECT_TRUE(has_event(run.record, "reconnected"));
  // BEHAVIOUR 5: the greeting cut off by the failure is asked for again on
  // the new leg, without waiting for the caller to speak.
  EXPECT_EQ(run.ai.received("response.create"), 2u);
  EXPECT_GT(seconds_heard(run.call), 2.0);
}

TEST(FaultAiLeg, CloseCode4000IsNotRedialled) {
  // PROTOCOLS.md: 4000 is how OpenAI refuses a retired dialect; a redial
  // gets the same answer, so the caller hears the fallback at once.
  BridgeHarness h("response_seconds = 3.0\nclose_after_ms = 500\nclose_code = 4000\n",
                  tune_fast_reconnect);
  expect_fallback(h);
  EXPECT_EQ(h.ai_stats().connections, 1u);
}

TEST(FaultAiLeg, SilentPeerBetweenTurnsIsCaughtByLiveness) {
  // The AI goes quiet after the greeting, while no response is owed, and
  // answers no ping either (a peer gone without a close): only the liveness
  // ping catches it (BEHAVIOUR 5), the leg is redialled and the call goes on.
  BridgeHarness h(
      "response_seconds = 1.0\nstall_after_ms = 1500\nstall_reads = true\n"
      "fault_connections = 1\n");
  // Quiet from 1.5 s, ping by 3.5 s, no pong for 5 s: failed by ~8.5 s.
  auto run = run_one(h, 11.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 2u);
  EXPECT_TRUE(has_event(run.record, "ai_leg_fatal"));
  EXPECT_TRUE(has_event(run.record, "reconnected"));
}

TEST(FaultAiLeg, MalformedOnceIsCountedOnly) {
  BridgeHarness h("response_seconds = 2.0\nmalformed_after_ms = 500\nmalformed_count = 1\n");
  auto run = run_one(h, 3.0, "caller_hangup", 1.0);
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(h.metrics().bad_ai_messages.value(), 1u);
  EXPECT_EQ(run.ai.connections, 1u);
  EXPECT_NEAR(seconds_heard(run.call), 2.0, 0.01);  // the response plays on, whole
}

TEST(FaultAiLeg, MalformedRepeatedlyFailsTheLeg) {
  BridgeHarness h(
      "response_seconds = 2.0\nmalformed_after_ms = 500\nmalformed_count = 200\n"
      "fault_connections = 1\n");
  auto run = run_one(h, 3.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_GE(h.metrics().bad_ai_messages.value(), 3u);
  EXPECT_EQ(run.ai.connections, 2u);
  EXPECT_TRUE(has_event(run.record, "ai_leg_fatal"));
  EXPECT_TRUE(has_event(run.record, "reconnected"));
}

TEST(FaultAiLeg, FloodedDeltasAllReachTheCaller) {
  // 8 s of audio arrives in one burst: the caller still gets all of it, in
  // order, with its marks.
  BridgeHarness h("response_seconds = 8.0\nflood_deltas = true\n");
  auto run = run_one(h, 2.0, "caller_hangup", 8.0);
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_NEAR(seconds_heard(run.call), 8.0, 0.01);
  EXPECT_EQ(h.metrics().dropped_send_queue.value(), 0u);
  EXPECT_EQ(run.call.marks_echoed, run.call.marks_received);
}

TEST(FaultAiLeg, AudioForUnknownResponseIsDropped) {
  BridgeHarness h("response_seconds = 1.0\nstray_audio_after_ms = 500\n");
  auto run = run_one(h, 2.5, "caller_hangup", 1.0);
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_GE(h.metrics().dropped_late.value(), 1u);
  EXPECT_NEAR(seconds_heard(run.call), 1.0, 0.01);  // the greeting only, no stray audio
}

TEST(FaultAiLeg, ResponseWithoutAudioDoesNotHang) {
  // The greeting is a response.done with no deltas; a caller turn later gets
  // the same. Nothing waits forever for audio or a mark.
  BridgeHarness h(
      "response_seconds = 0.0\nreply_text = \"Hi.\"\n"
      "[[events]]\nat_ms = 800\ntype = \"speech_started\"\n"
      "[[events]]\nat_ms = 1200\ntype = \"speech_stopped\"\n");
  auto run = run_one(h, 3.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.call.bytes_received, 0u);
  EXPECT_EQ(run.ai.responses_completed, 2u);  // the greeting and the answer
  EXPECT_FALSE(run.record.turns.empty());
}

TEST(FaultAiLeg, SessionLengthLimitReconnectsAndRestores) {
  // PROTOCOLS.md: a Realtime session has a maximum length; the server says so
  // with an error and closes. The call survives on a new session.
  BridgeHarness h(
      "response_seconds = 1.0\nerror_after_ms = 1500\n"
      "error_code = \"session_expired\"\nerror_close = true\nclose_code = 1000\n"
      "fault_connections = 1\n");
  auto run = run_one(h, 3.5, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 2u);
  EXPECT_TRUE(has_event(run.record, "reconnected"));
  // The greeting turn is restored into the new session as a conversation item.
  EXPECT_GE(run.ai.received("conversation.item.create"), 1u);
  EXPECT_EQ(run.ai.received("session.update"), 2u);
}

// Every documented error code (PROTOCOLS.md "Error codes") mid-greeting.
struct ErrorCase {
  const char* code;
  bool fatal;
  bool ignorable = false;  // PROTOCOLS.md: logged at debug, never counted
};
void PrintTo(const ErrorCase& c, std::ostream* os) {
  *os << c.code << (c.fatal ? " (fatal)" : " (call continues)");
}

uint64_t ai_errors_counted(BridgeHarness& h, const std::string& code) {
  return h.metrics_registry()
      .counter("voxgate_ai_errors_total", "", "code=\"" + code + "\"")
      .value();
}

class FaultAiErrorCodes : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(FaultAiErrorCodes, AreTreatedAsDocumented) {
  const auto& p = GetParam();
  BridgeHarness h("response_seconds = 1.0\nerror_after_ms = 300\nerror_code = \"" +
                  std::string(p.code) + "\"\n");
  if (p.fatal) {
    expect_fallback(h);
    EXPECT_EQ(h.ai_stats().connections, 1u);  // no reconnect loop
    EXPECT_EQ(ai_errors_counted(h, p.code), 1u);
    return;
  }
  auto run = run_one(h, 2.5, "caller_hangup", 1.0);
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 1u);
  // The greeting plays on, whole (conversation_already_has_active_response
  // also makes voxgate retry its create once the greeting is done: 2 s).
  EXPECT_GE(seconds_heard(run.call), 0.99);
  EXPECT_LE(seconds_heard(run.call), 2.01);
  EXPECT_FALSE(has_event(run.record, "ai_leg_fatal"));
  // Counted once in voxgate_ai_errors_total, unless harmless (PROTOCOLS.md).
  EXPECT_EQ(ai_errors_counted(h, p.code), p.ignorable ? 0u : 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, FaultAiErrorCodes,
    ::testing::Values(ErrorCase{"response_cancel_not_active", false, true},
                      ErrorCase{"conversation_already_has_active_response", false},
                      ErrorCase{"invalid_value", false},
                      ErrorCase{"input_audio_buffer_commit_empty", false, true},
                      ErrorCase{"server_error", false}, ErrorCase{"invalid_api_key", true},
                      ErrorCase{"insufficient_quota", true}, ErrorCase{"account_deactivated", true},
                      ErrorCase{"billing_hard_limit_reached", true}),
    [](const auto& info) { return std::string(info.param.code); });

// BEHAVIOUR 5: the AI goes quiet mid-greeting (no events, no pongs). With the
// default 3 s response watchdog the leg is failed 3 s after its last event,
// the caller hears the holding prompt, and the greeting is asked for again on
// the new leg.
TEST(FaultAiLeg, StalledMidResponseIsFailedWithinThreeSeconds) {
  BridgeHarness h(
      "response_seconds = 3.0\nstall_after_ms = 800\nstall_reads = true\n"
      "fault_connections = 1\n");
  auto run = run_one(h, 8.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 2u);
  ASSERT_TRUE(run.record.first_audio_ms);
  const store::CallEventRow* fatal = find_event(run.record, "ai_leg_fatal");
  ASSERT_NE(fatal, nullptr);
  // The stall starts at most 800 ms after the first audio (it counts from the
  // connection, which opened before); then 3 s of watchdog. The last second
  // is slack for the tick and a sanitizer build's slower event loop; the old
  // 15 s watchdog would miss this by far.
  EXPECT_LE(static_cast<double>(fatal->at_ms) - *run.record.first_audio_ms,
            800.0 + 3000.0 + 1000.0);
  EXPECT_TRUE(has_event(run.record, "reconnected"));
  EXPECT_EQ(run.ai.received("response.create"), 2u);
}

// A response that ends "failed" with a quota code is fatal (PROTOCOLS.md):
// no redial, the fallback message, end reason ai_failure, the code counted.
TEST(FaultAiLeg, EveryResponseFailingWithInsufficientQuotaFallsBack) {
  BridgeHarness h("response_seconds = 1.0\nfail_responses = \"insufficient_quota\"\n");
  expect_fallback(h);
  EXPECT_EQ(h.ai_stats().connections, 1u);
  EXPECT_EQ(h.ai_stats().responses_failed, 1u);
  EXPECT_EQ(ai_errors_counted(h, "insufficient_quota"), 1u);
}

// A failed response with a code that is not fatal is counted, not ignored:
// past the error threshold the leg fails and is redialled.
TEST(FaultAiLeg, FailedResponsesPastTheThresholdFailTheLeg) {
  BridgeHarness h(
      "response_seconds = 1.0\nfail_responses = \"rate_limit_exceeded\"\n"
      "fault_connections = 1\n",
      [](HarnessConfig& c) { c.session.ai_error_threshold = 1; });
  auto run = run_one(h, 3.0, "caller_hangup");
  EXPECT_TRUE(run.call.ok) << run.call.error;
  EXPECT_EQ(run.ai.connections, 2u);
  EXPECT_EQ(run.ai.responses_failed, 1u);
  EXPECT_EQ(ai_errors_counted(h, "rate_limit_exceeded"), 1u);
  EXPECT_TRUE(has_event(run.record, "ai_leg_fatal"));
  EXPECT_TRUE(has_event(run.record, "reconnected"));
}

}  // namespace
}  // namespace voxgate::testing
