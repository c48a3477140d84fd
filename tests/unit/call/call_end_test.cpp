// CallEnd alone: the end reason set once, ending on a mark or a deadline,
// the pending hang-up and the transfer (BEHAVIOUR 4, 5). Explicit time.
#include "call/call_end.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

using common::Millis;
const common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);

TEST(CallEnd, EndsOnceWithTheFirstReason) {
  CallEnd end;
  EXPECT_TRUE(end.accepting());
  EXPECT_FALSE(end.ended());
  EXPECT_TRUE(end.finish(EndReason::kCallerHangup));
  EXPECT_FALSE(end.finish(EndReason::kMaxDuration));
  EXPECT_EQ(end.reason(), EndReason::kCallerHangup);
  EXPECT_FALSE(end.accepting());
}

TEST(CallEnd, EndingOnAMarkStopsAcceptingUntilTheMarkOrTheDeadline) {
  CallEnd end;
  end.end_on_mark(EndReason::kAiFailure, "clip1", t0 + Millis(15000));
  EXPECT_TRUE(end.ending());
  EXPECT_FALSE(end.accepting());
  EXPECT_FALSE(end.ended());
  EXPECT_TRUE(end.is_end_mark("clip1"));
  EXPECT_FALSE(end.is_end_mark("m1"));
  EXPECT_EQ(end.ending_reason(), EndReason::kAiFailure);
  EXPECT_FALSE(end.deadline_passed(t0 + Millis(14999)));
  EXPECT_TRUE(end.deadline_passed(t0 + Millis(15000)));
  end.bound_deadline(t0 + Millis(2000));  // a shutdown: not later than its wait
  EXPECT_TRUE(end.deadline_passed(t0 + Millis(2000)));
  end.bound_deadline(t0 + Millis(9000));  // never later
  EXPECT_TRUE(end.deadline_passed(t0 + Millis(2000)));
  end.finish(end.ending_reason());
  EXPECT_FALSE(end.ending());
  EXPECT_FALSE(end.is_end_mark("clip1"));
}

TEST(CallEnd, AHangUpIsRequestedOnceAndWaitsAtMostItsLimit) {
  CallEnd end;
  EXPECT_TRUE(end.request_hangup(t0));
  EXPECT_FALSE(end.request_hangup(t0 + Millis(5)));
  EXPECT_TRUE(end.hangup_pending());
  EXPECT_FALSE(end.hangup_wait_over(t0 + Millis(29999), Millis(30000)));
  EXPECT_TRUE(end.hangup_wait_over(t0 + Millis(30000), Millis(30000)));
  EXPECT_EQ(end.hangup_reason(), EndReason::kAgentHangup);
  end.drop_hangup();
  EXPECT_FALSE(end.hangup_pending());
}

TEST(CallEnd, ATransferIsClaimedOnceAndMakesTheHangUpATransfer) {
  CallEnd end;
  EXPECT_TRUE(end.transfer_allowed());
  end.claim_transfer("+15550100");
  EXPECT_FALSE(end.transfer_allowed());
  EXPECT_EQ(end.transfer_target(), "+15550100");
  end.request_hangup(t0);
  EXPECT_EQ(end.hangup_reason(), EndReason::kTransferred);
}

TEST(CallEnd, NoTransferWhileAHangUpIsPendingOrTheCallIsEnding) {
  CallEnd hanging_up;
  hanging_up.request_hangup(t0);
  EXPECT_FALSE(hanging_up.transfer_allowed());
  CallEnd ending;
  ending.end_on_mark(EndReason::kShutdown, "clip1", t0);
  EXPECT_FALSE(ending.transfer_allowed());
}

TEST(CallEnd, TheEndClearsAPendingHangUp) {
  CallEnd end;
  end.request_hangup(t0);
  end.finish(EndReason::kOperatorHangup);
  EXPECT_FALSE(end.hangup_pending());
  EXPECT_FALSE(end.request_hangup(t0));  // nothing after the end
}

}  // namespace
}  // namespace voxgate::call
