// AiLegLifecycle alone: the AI leg's states, the reconnect budget (attempts
// and seconds), the backoff between redials, the holding prompt, the
// watchdog and the error threshold (BEHAVIOUR 1, 5). Explicit time.
#include "call/ai_leg_lifecycle.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

using common::Millis;
using State = AiLegLifecycle::State;
const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
common::TimePoint at(int ms) {
  return t0 + Millis(ms);
}

SessionConfig config() {
  SessionConfig cfg;
  cfg.reconnect_max_attempts = 3;
  cfg.reconnect_budget = Millis(10000);
  cfg.reconnect_backoff = Millis(500);
  cfg.reconnect_backoff_max = Millis(4000);
  cfg.ai_watchdog = Millis(3000);
  cfg.ai_error_threshold = 2;
  return cfg;
}

AiLegLifecycle ready_leg() {
  AiLegLifecycle leg(config(), t0);
  leg.dial(t0);
  leg.on_connected(t0);
  leg.on_configured(t0);
  return leg;
}

TEST(AiLegLifecycle, DialsOnceThenConnectsThenIsReady) {
  AiLegLifecycle leg(config(), t0);
  EXPECT_EQ(leg.state(), State::kIdle);
  EXPECT_FALSE(leg.open());
  EXPECT_FALSE(leg.on_connected(t0));  // nothing dialled
  EXPECT_TRUE(leg.dial(t0));
  EXPECT_FALSE(leg.dial(t0));
  EXPECT_EQ(leg.state(), State::kDialling);
  EXPECT_TRUE(leg.open());
  EXPECT_FALSE(leg.on_configured(at(10)));  // not connected yet
  EXPECT_TRUE(leg.on_connected(at(10)));
  EXPECT_EQ(leg.state(), State::kConfiguring);
  EXPECT_TRUE(leg.on_configured(at(20)));
  EXPECT_TRUE(leg.ready());
  EXPECT_FALSE(leg.on_configured(at(30)));  // a later session.updated changes nothing
}

TEST(AiLegLifecycle, TheHandshakeIsOwedAnEventWithinTheWatchdog) {
  AiLegLifecycle leg(config(), t0);
  EXPECT_FALSE(leg.watchdog_expired(at(5000), false));  // idle: nothing owed
  leg.dial(at(5000));
  EXPECT_FALSE(leg.watchdog_expired(at(7999), false));
  EXPECT_TRUE(leg.watchdog_expired(at(8000), false));
  leg.on_connected(at(8000));
  EXPECT_TRUE(leg.watchdog_expired(at(11000), false));  // configuring: still owed
  leg.on_configured(at(9000));
  EXPECT_FALSE(leg.watchdog_expired(at(20000), false));  // ready and nothing owed
  EXPECT_TRUE(leg.watchdog_expired(at(20000), true));    // a response is owed
}

TEST(AiLegLifecycle, TheCallersCommittedTurnIsOwedUntilAnswered) {
  AiLegLifecycle leg = ready_leg();
  leg.on_turn_committed(at(100));
  EXPECT_TRUE(leg.turn_owed());
  EXPECT_FALSE(leg.watchdog_expired(at(3099), false));
  EXPECT_TRUE(leg.watchdog_expired(at(3100), false));
  leg.on_turn_answered();
  EXPECT_FALSE(leg.watchdog_expired(at(3100), false));
}

TEST(AiLegLifecycle, ReconnectRedialsAtOnceThenAfterABackoffWithinTheAttempts) {
  AiLegLifecycle leg = ready_leg();
  leg.start_reconnect(at(0), OwedResponse{"again"});
  EXPECT_EQ(leg.state(), State::kReconnecting);
  EXPECT_TRUE(leg.recovering());
  EXPECT_EQ(leg.attempts(), 1);
  EXPECT_FALSE(leg.redial_due(at(5000)));  // the first redial went at once
  EXPECT_EQ(leg.attempt_failed(at(100)), AiLegLifecycle::Attempt::kRetry);
  EXPECT_FALSE(leg.redial_due(at(100 + 249)));  // at least half of 500 ms
  int waited = 250;
  while (!leg.redial_due(at(100 + waited))) ++waited;
  EXPECT_LE(waited, 500);
  EXPECT_EQ(leg.attempts(), 2);
  EXPECT_EQ(leg.attempt_failed(at(1000)), AiLegLifecycle::Attempt::kRetry);
  while (!leg.redial_due(at(1000 + waited))) ++waited;
  EXPECT_EQ(leg.attempts(), 3);
  EXPECT_EQ(leg.attempt_failed(at(3000)), AiLegLifecycle::Attempt::kExhausted);
}

TEST(AiLegLifecycle, ALegThatFailsAgainWithinTheBudgetContinuesTheSameOutage) {
  AiLegLifecycle leg = ready_leg();  // 3 attempts, 10 s
  EXPECT_TRUE(leg.start_reconnect(at(0), std::nullopt));
  leg.on_connected(at(100));
  leg.on_configured(at(100));
  leg.restored(at(100));
  EXPECT_TRUE(leg.start_reconnect(at(200), std::nullopt));  // back, and failed again
  EXPECT_EQ(leg.attempts(), 2);
  EXPECT_FALSE(leg.budget_spent(at(9999)));
  EXPECT_TRUE(leg.budget_spent(at(10000)));  // counted from the first failure
  leg.on_connected(at(300));
  leg.on_configured(at(300));
  leg.restored(at(300));
  EXPECT_TRUE(leg.start_reconnect(at(400), std::nullopt));
  EXPECT_EQ(leg.attempts(), 3);
  leg.on_connected(at(500));
  leg.on_configured(at(500));
  leg.restored(at(500));
  EXPECT_FALSE(leg.start_reconnect(at(600), std::nullopt)) << "a fourth attempt: fall back";
}

TEST(AiLegLifecycle, AFailureAfterTheBudgetIsANewOutage) {
  AiLegLifecycle leg = ready_leg();
  EXPECT_TRUE(leg.start_reconnect(at(0), std::nullopt));
  leg.on_connected(at(100));
  leg.on_configured(at(100));
  leg.restored(at(100));
  EXPECT_TRUE(leg.start_reconnect(at(10000), std::nullopt));
  EXPECT_EQ(leg.attempts(), 1);
  EXPECT_FALSE(leg.budget_spent(at(19999)));
}

TEST(AiLegLifecycle, TheBudgetInSecondsEndsTheRecovery) {
  AiLegLifecycle leg = ready_leg();
  leg.start_reconnect(at(0), std::nullopt);
  EXPECT_FALSE(leg.budget_spent(at(9999)));
  EXPECT_TRUE(leg.budget_spent(at(10000)));
  EXPECT_EQ(leg.attempt_failed(at(10000)), AiLegLifecycle::Attempt::kExhausted);
}

TEST(AiLegLifecycle, RestoredGivesBackWhatWasOwedOnce) {
  AiLegLifecycle leg = ready_leg();
  leg.start_reconnect(at(0), OwedResponse{"say it"});
  EXPECT_TRUE(leg.on_connected(at(100)));
  EXPECT_TRUE(leg.on_configured(at(110)));
  auto owed = leg.restored(at(110));
  ASSERT_TRUE(owed.has_value());
  EXPECT_EQ(owed->instructions, "say it");
  EXPECT_FALSE(leg.recovering());
  EXPECT_FALSE(leg.restored(at(120)).has_value());
}

TEST(AiLegLifecycle, HoldingPromptPlaysUntilCutOrOverdue) {
  AiLegLifecycle leg = ready_leg();
  leg.holding_started("clip0", at(100));  // not recovering: ignored
  EXPECT_FALSE(leg.holding_playing());
  leg.start_reconnect(at(0), std::nullopt);
  leg.holding_started("clip1", at(15000));
  EXPECT_TRUE(leg.is_holding_mark("clip1"));
  EXPECT_FALSE(leg.is_holding_mark("clip2"));
  EXPECT_FALSE(leg.holding_overdue(at(14999)));
  EXPECT_TRUE(leg.holding_overdue(at(15000)));
  EXPECT_TRUE(leg.cut_holding());
  EXPECT_FALSE(leg.cut_holding());  // one clear per prompt
  EXPECT_FALSE(leg.holding_playing());
}

TEST(AiLegLifecycle, CloseSaysWhetherALegWasOpenAndEndsTheRecovery) {
  AiLegLifecycle idle(config(), t0);
  EXPECT_FALSE(idle.close());
  AiLegLifecycle leg = ready_leg();
  leg.start_reconnect(at(0), std::nullopt);
  EXPECT_TRUE(leg.close());
  EXPECT_EQ(leg.state(), State::kFailed);
  EXPECT_FALSE(leg.recovering());
  EXPECT_FALSE(leg.close());
  EXPECT_FALSE(leg.dial(at(10)));  // gone for good
}

TEST(AiLegLifecycle, ErrorsReachTheThresholdAndStartOverAfterAFailure) {
  AiLegLifecycle leg = ready_leg();
  EXPECT_FALSE(leg.error_past_threshold());
  EXPECT_TRUE(leg.error_past_threshold());
  leg.on_failure(at(0));
  EXPECT_FALSE(leg.error_past_threshold());
}

}  // namespace
}  // namespace voxgate::call
