// ResponseState alone: phases, cancel only when active, the deferred create,
// and whether the response still owes the caller output (BEHAVIOUR 3, 5).
#include "call/response_state.hpp"

#include <gtest/gtest.h>

namespace voxgate::call {
namespace {

using Phase = ResponseState::Phase;

TEST(ResponseState, RequestedThenActiveThenDone) {
  ResponseState r;
  EXPECT_FALSE(r.busy());
  r.on_requested("hi");
  EXPECT_EQ(r.phase(), Phase::kRequested);
  EXPECT_FALSE(r.in_progress());
  r.on_created("r1");
  EXPECT_TRUE(r.in_progress());
  EXPECT_TRUE(r.is_current("r1"));
  EXPECT_EQ(r.instructions(), "hi");
  EXPECT_FALSE(r.on_done("r2"));
  EXPECT_TRUE(r.on_done("r1"));
  EXPECT_FALSE(r.busy());
}

TEST(ResponseState, UnfinishedUntilItsOutputIsComplete) {
  ResponseState r;
  EXPECT_FALSE(r.unfinished());
  r.on_requested(std::nullopt);
  EXPECT_TRUE(r.unfinished());  // owed, not created yet
  r.on_created("r1");
  EXPECT_TRUE(r.unfinished());
  r.on_output_done("r0");  // not the current one
  EXPECT_TRUE(r.unfinished());
  r.on_output_done("r1");
  EXPECT_FALSE(r.unfinished());
  r.on_created("r2");  // a new response owes its own output
  EXPECT_TRUE(r.unfinished());
  r.on_cancelled();  // the caller cut it: owes nothing
  EXPECT_FALSE(r.unfinished());
}

TEST(ResponseState, AServerCreatedResponseHasNoInstructions) {
  ResponseState r;
  r.on_created("r1");  // server VAD, no request of ours
  EXPECT_FALSE(r.instructions().has_value());
}

TEST(ResponseState, ResetForgetsAllButTheLastRequest) {
  ResponseState r;
  r.remember_request("say x");
  r.on_requested("say x");
  r.on_created("r1");
  r.defer("later");
  r.reset();
  EXPECT_FALSE(r.busy());
  EXPECT_FALSE(r.unfinished());
  EXPECT_FALSE(r.deferred().has_value());
  EXPECT_EQ(r.last_requested(), "say x");
}

}  // namespace
}  // namespace voxgate::call
