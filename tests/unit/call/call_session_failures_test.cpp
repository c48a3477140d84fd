// BEHAVIOUR 5 rules of the call core: the response watchdog, failed
// responses, the repeated holding prompt and the jittered backoff.
// Explicit time, recording sink.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using Strings = std::vector<std::string>;
using testing::b64_ms;

class CallSessionFailuresTest : public testing::SessionFixture {
 protected:
  using Leg = CallSession::AiLeg;
  int events(CallEvent::Kind k, const std::string& id = {}) const {
    int n = 0;
    for (const auto& e : sink.events) n += e.kind == k && (id.empty() || e.id == id);
    return n;
  }
};

TEST_F(CallSessionFailuresTest, WatchdogCoversTheCallersCommittedTurn) {
  make_ready();
  s->on_ai_speech_started(at(0), "u1");
  s->on_ai_speech_stopped(at(100));  // server VAD commits the turn: a response is owed
  s->on_tick(at(3000));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_tick(at(3100));
  EXPECT_EQ(s->ai_leg(), Leg::kReconnecting);
  EXPECT_EQ(events(CallEvent::Kind::kAiLegFatal), 1);
}

TEST_F(CallSessionFailuresTest, TheTurnIsOwedNothingOnceAResponseCameAndWentOrTheCallerSpeaks) {
  make_ready();
  s->on_ai_speech_stopped(at(100));
  s->on_ai_response_created(at(900), "r1");
  s->on_ai_response_done(at(1000), "r1", ResponseStatus::kCompleted);
  s->on_tick(at(20000));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_ai_speech_stopped(at(20100));
  s->on_ai_speech_started(at(20200), "u2");  // the caller goes on talking
  s->on_tick(at(40000));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
}

TEST_F(CallSessionFailuresTest, SpeechThatDidNotCutAnActiveResponseOwesNothing) {
  cfg.min_barge_in_speech = Millis(500);  // a cough: no barge-in
  make_ready();
  play("r1", "i1", 200, 0);
  s->on_ai_speech_started(at(10), "u1");
  s->on_ai_speech_stopped(at(100));
  s->on_ai_response_done(at(200), "r1", ResponseStatus::kCompleted);
  s->on_tick(at(10000));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
}

TEST_F(CallSessionFailuresTest, AnyAiEventFeedsTheWatchdog) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_activity(at(2500));  // e.g. rate_limits.updated
  s->on_tick(at(5400));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_tick(at(5500));
  EXPECT_EQ(s->ai_leg(), Leg::kReconnecting);
}

// A model-managed leg (GPT-Live) streams output all the time, silence
// included: no event at all for the watchdog's 3 s is a stall, whether or
// not a turn is owed; its quiet output keeps it alive.
TEST_F(CallSessionFailuresTest, ModelManagedLegThatGoesQuietIsFailedByTheWatchdog) {
  cfg.turn_model = ai::AiTurnModel::kModelManaged;
  make_ready();
  for (int t = 100; t <= 6000; t += 100) s->on_ai_activity(at(t));  // quiet deltas
  s->on_tick(at(6000));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_tick(at(8900));
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_tick(at(9000));
  EXPECT_EQ(s->ai_leg(), Leg::kReconnecting);
  EXPECT_EQ(events(CallEvent::Kind::kAiLegFatal), 1);
}

TEST_F(CallSessionFailuresTest, FailedResponseWithAQuotaCodeIsFatal) {
  make_ready();
  play("r1", "i1", 100, 0);
  std::size_t m = mark();
  s->on_ai_response_done(at(50), "r1", ResponseStatus::kFailed, "insufficient_quota");
  Strings got = sink.since(m);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back(), "clip:fallback:clip1");
  EXPECT_EQ(sink.count_prefix("open"), 1);  // no reconnect
  EXPECT_EQ(sink.count_prefix("clip:holding"), 0);
  EXPECT_EQ(events(CallEvent::Kind::kAiError, "insufficient_quota"), 1);
  s->on_caller_mark(at(3000), "clip1");
  EXPECT_EQ(s->end_reason(), EndReason::kAiFailure);
}

TEST_F(CallSessionFailuresTest, OtherFailedResponsesCountTowardTheThreshold) {
  cfg.ai_error_threshold = 3;
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_response_done(at(10), "r1", ResponseStatus::kFailed, "rate_limit_exceeded");
  s->on_ai_response_created(at(20), "r2");
  s->on_ai_response_done(at(30), "r2", ResponseStatus::kFailed, "server_error");
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  EXPECT_EQ(s->stats().ai_errors, 2u);
  s->on_ai_error(at(40), "server_error", "x");  // error events and failed responses add up
  EXPECT_EQ(s->ai_leg(), Leg::kReconnecting);   // non-fatal: the reconnect path
  EXPECT_EQ(events(CallEvent::Kind::kAiError, "rate_limit_exceeded"), 1);
}

TEST_F(CallSessionFailuresTest, AFailedResponseIsAskedForAgainUntilTheThresholdFailsTheLeg) {
  cfg.ai_error_threshold = 3;
  make_ready();
  s->on_ai_speech_stopped(at(100));  // the caller's turn: a response is owed
  s->on_ai_response_created(at(200), "r1");
  const int creates = sink.count_prefix("create");
  s->on_ai_response_done(at(300), "r1", ResponseStatus::kFailed, "server_error");
  // Asked again at once, with no instructions: the model answers the turn.
  EXPECT_EQ(sink.count_prefix("create"), creates + 1);
  EXPECT_EQ(sink.actions.back(), "create");
  s->on_ai_response_created(at(400), "r2");
  s->on_ai_response_done(at(500), "r2", ResponseStatus::kFailed, "server_error");
  EXPECT_EQ(sink.count_prefix("create"), creates + 2);
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
  s->on_ai_response_created(at(600), "r3");
  s->on_ai_response_done(at(700), "r3", ResponseStatus::kFailed, "server_error");
  // Past the threshold: the reconnect path, and the caller hears the prompt.
  EXPECT_EQ(s->ai_leg(), Leg::kReconnecting);
  EXPECT_TRUE(sink.has("clip:holding:clip1"));
}

TEST_F(CallSessionFailuresTest, AFailedGreetingIsAskedForAgainWithItsInstructions) {
  cfg.greeting.instructions = "Greet the caller.";
  make_ready();
  ASSERT_EQ(sink.count_prefix("create:Greet the caller."), 1);
  s->on_ai_response_created(at(10), "r1");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kFailed, "server_error");
  EXPECT_EQ(sink.count_prefix("create:Greet the caller."), 2);
}

// bench/faults found it: every response failing with a benign code failed the
// leg at the threshold with nothing owed, and the caller heard the holding
// prompt, then silence for the rest of the call. The failed greeting is owed
// to the next leg, and a leg that keeps failing so spends one reconnect
// budget, then the fallback plays and the call ends.
TEST_F(CallSessionFailuresTest, ResponsesThatAlwaysFailEndInTheFallbackNotSilence) {
  cfg.greeting.instructions = "Greet the caller.";
  cfg.ai_error_threshold = 2;
  cfg.reconnect_max_attempts = 2;
  make_ready();
  int t = 10, response = 0;
  const auto fail_one = [&] {
    const std::string id = "r" + std::to_string(++response);
    s->on_ai_response_created(at(t++), id);
    s->on_ai_response_done(at(t++), id, ResponseStatus::kFailed, "server_error");
  };
  fail_one();
  fail_one();  // the threshold: the reconnect path
  ASSERT_EQ(s->ai_leg(), Leg::kReconnecting);
  EXPECT_TRUE(sink.has("clip:holding:clip1"));
  const int greetings = sink.count_prefix("create:Greet the caller.");
  s->on_ai_connected(at(t++));
  s->on_ai_session_updated(at(t++));
  EXPECT_EQ(sink.count_prefix("create:Greet the caller."), greetings + 1)
      << "the failed greeting is asked of the new leg";
  fail_one();
  fail_one();  // fails again at once: attempt 2 of the same outage
  ASSERT_EQ(s->ai_leg(), Leg::kReconnecting);
  s->on_ai_connected(at(t++));
  s->on_ai_session_updated(at(t++));
  fail_one();
  fail_one();  // a third failure: past the attempts, the fallback
  EXPECT_EQ(sink.count_prefix("clip:fallback"), 1);
  EXPECT_EQ(s->ai_leg(), Leg::kFailed);
}

TEST_F(CallSessionFailuresTest, AFailedResponseThatWasNotCurrentIsNotAskedAgain) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_response_created(at(10), "r2");  // r1 is superseded
  const int creates = sink.count_prefix("create");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kFailed, "server_error");
  EXPECT_EQ(sink.count_prefix("create"), creates);
}

TEST_F(CallSessionFailuresTest, HoldingPromptRepeatsUntilTheLegIsBackThenIsCut) {
  cfg.reconnect_budget = Millis(60000);
  make_ready();
  s->on_ai_leg_failed(at(0), "closed", false);
  EXPECT_TRUE(sink.has("clip:holding:clip1"));
  s->on_caller_mark(at(2000), "clip1");  // played out, still reconnecting: again
  EXPECT_TRUE(sink.has("clip:holding:clip2"));
  s->on_tick(at(2000 + 14900));
  EXPECT_FALSE(sink.has("clip:holding:clip3"));
  s->on_tick(at(2000 + 15000));  // its mark never echoed: counts as played
  EXPECT_TRUE(sink.has("clip:holding:clip3"));
  EXPECT_TRUE(s->holding_prompt_playing());
  s->on_ai_connected(at(17100));
  std::size_t m = mark();
  s->on_ai_session_updated(at(17200));
  EXPECT_EQ(sink.since(m), (Strings{"clear"}));  // voxgate cuts its own prompt
  EXPECT_FALSE(s->holding_prompt_playing());
  m = mark();
  s->on_caller_mark(at(17300), "clip3");  // the cut clip's mark: nothing more
  s->on_tick(at(40000));
  EXPECT_EQ(sink.count_prefix("clip:holding"), 3);
  EXPECT_EQ(s->ai_leg(), Leg::kReady);
}

TEST_F(CallSessionFailuresTest, HoldingPromptIsCutBeforeTheFallback) {
  cfg.reconnect_max_attempts = 1;
  make_ready();
  s->on_ai_leg_failed(at(0), "closed", false);
  std::size_t m = mark();
  s->on_ai_reconnect_failed(at(500));
  EXPECT_EQ(sink.since(m), (Strings{"clear", "close", "clip:fallback:clip2"}));
}

// The wait before each redial after the first failed one, measured by ticking
// every millisecond; the session redials with open_ai_leg().
std::vector<int> redial_waits(uint64_t seed, int redials) {
  SessionConfig cfg;
  cfg.random_seed = seed;
  cfg.reconnect_max_attempts = redials + 2;
  cfg.reconnect_budget = Millis(600000);
  cfg.reconnect_backoff = Millis(500);
  cfg.reconnect_backoff_max = Millis(4000);
  testing::RecordingSink sink;
  const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
  CallSession s(cfg, sink, t0);
  s.start(t0);
  s.on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  s.on_ai_connected(t0);
  s.on_ai_session_updated(t0);
  s.on_ai_leg_failed(t0, "closed", false);  // first redial at once
  std::vector<int> waits;
  common::TimePoint t = t0;
  for (int n = 0; n < redials; ++n) {
    t += Millis(100);
    s.on_ai_reconnect_failed(t);
    const int opens = sink.count_prefix("open");
    int waited = 0;
    while (sink.count_prefix("open") == opens && waited < 10000) {
      s.on_tick(t + Millis(++waited));
    }
    waits.push_back(waited);
    t += Millis(waited);
  }
  return waits;
}

TEST_F(CallSessionFailuresTest, RedialsWaitAJitteredExponentialBackoff) {
  const std::vector<int> a = redial_waits(1, 8);
  const std::vector<int> b = redial_waits(2, 8);
  ASSERT_EQ(a.size(), 8u);
  for (std::size_t k = 0; k < a.size(); ++k) {
    const int d = std::min(4000, 500 << k);  // min(max, base * 2^(n-1))
    for (int w : {a[k], b[k]}) {
      EXPECT_GE(w, d / 2) << "redial " << k + 1;
      EXPECT_LE(w, d) << "redial " << k + 1;
    }
  }
  EXPECT_NE(a, b);                   // jitter: calls do not redial in step
  EXPECT_EQ(a, redial_waits(1, 8));  // deterministic for one seed
}

}  // namespace
}  // namespace voxgate::call
