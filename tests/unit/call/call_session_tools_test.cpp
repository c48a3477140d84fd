// CallSession tool rules (docs/tools.md): pending outputs, one response.create after
// the response is done, the active-response race, barge-in during a tool,
// late results, transfer and say. Explicit time, recording sink.
#include <gtest/gtest.h>

#include <memory>

#include "call/call_session.hpp"
#include "fakes/call/session_fixture.hpp"

namespace voxgate::call {
namespace {

using common::Millis;
using testing::b64_ms;
using Strings = std::vector<std::string>;

class CallSessionToolsTest : public testing::SessionFixture {
 protected:
  void make_ready() {
    cfg.shell_tools = {"lookup", "book", "transfer_call"};
    SessionFixture::make_ready();
  }
  int creates() const { return sink.count_prefix("create"); }
  int events(CallEvent::Kind k, const std::string& text = {}) const {
    int n = 0;
    for (const auto& e : sink.events) n += e.kind == k && (text.empty() || e.text == text);
    return n;
  }
};

TEST_F(CallSessionToolsTest, ShellToolInvokedThenOutputAndOneCreateAfterDone) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  std::size_t m = mark();
  s->on_ai_function_call(at(10), "c1", "lookup", R"({"q":1})");
  EXPECT_EQ(sink.since(m), (Strings{R"(tool:c1:lookup:{"q":1})"}));
  EXPECT_EQ(s->tools_pending(), 1u);
  s->on_tool_result(at(20), "c1", R"({"found":true})");
  EXPECT_TRUE(sink.has(R"(output:c1:{"found":true})"));
  EXPECT_EQ(creates(), 0);  // response r1 still active
  s->on_ai_response_done(at(30), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 1);
  EXPECT_EQ(sink.actions.back(), "create");
  EXPECT_EQ(events(CallEvent::Kind::kToolResult, "ok"), 1);
}

TEST_F(CallSessionToolsTest, ResultAfterResponseDoneCreatesAtOnce) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 0);  // the output is not in yet
  s->on_tool_result(at(500), "c1", R"({"ok":1})");
  EXPECT_EQ(sink.since(sink.actions.size() - 2), (Strings{R"(output:c1:{"ok":1})", "create"}));
}

TEST_F(CallSessionToolsTest, TwoToolCallsInOneResponseGiveOneCreate) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_ai_function_call(at(10), "c2", "book", "{}");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  s->on_tool_result(at(30), "c2", R"({"b":2})");
  EXPECT_EQ(creates(), 0);  // c1 still pending
  s->on_tool_result(at(40), "c1", R"({"a":1})");
  EXPECT_EQ(creates(), 1);
  EXPECT_EQ(sink.since(sink.actions.size() - 3),
            (Strings{R"(output:c2:{"b":2})", R"(output:c1:{"a":1})", "create"}));
}

TEST_F(CallSessionToolsTest, DuplicateCallIdHandledOnce) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_ai_function_call(at(11), "c1", "lookup", "{}");  // output_item.done
  EXPECT_EQ(sink.count_prefix("tool:"), 1);
  s->on_tool_result(at(20), "c1", "{}");
  s->on_tool_result(at(21), "c1", "{}");
  EXPECT_EQ(sink.count_prefix("output:"), 1);
}

TEST_F(CallSessionToolsTest, ActiveResponseRaceRetriedAfterDone) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  s->on_tool_result(at(30), "c1", "{}");
  ASSERT_EQ(creates(), 1);
  // The server auto-created a response (caller spoke) just before our create.
  s->on_ai_response_created(at(31), "r2");
  s->on_ai_error(at(32), "conversation_already_has_active_response", "active");
  EXPECT_EQ(creates(), 1);  // nothing while r2 is active
  s->on_ai_response_done(at(40), "r2", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 2);  // retried once r2 is done
  EXPECT_FALSE(s->ended());
}

TEST_F(CallSessionToolsTest, BargeInWhileToolRunsThenResultWaitsForNewResponse) {
  make_ready();
  play("r1", "i1", 400, 0);  // "let me check that for you"
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  std::size_t m = mark();
  s->on_ai_speech_started(at(100), "u1");  // the caller talks over it
  EXPECT_EQ(sink.since(m), (Strings{"clear", "cancel:r1", "truncate:i1:100"}));
  s->on_ai_response_done(at(110), "r1", ResponseStatus::kCancelled);
  play("r2", "i2", 100, 200);  // the AI answers the caller meanwhile
  s->on_tool_result(at(250), "c1", R"({"slow":true})");
  EXPECT_TRUE(sink.has(R"(output:c1:{"slow":true})"));
  EXPECT_EQ(creates(), 0);  // r2 active: no race
  s->on_ai_response_done(at(300), "r2", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 1);
}

TEST_F(CallSessionToolsTest, LateResultAfterEndIgnored) {
  make_ready();
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_caller_stop(at(20));
  std::size_t m = mark();
  s->on_tool_result(at(5000), "c1", "{}");
  EXPECT_TRUE(sink.since(m).empty());
}

TEST_F(CallSessionToolsTest, ResultLostInReconnectIgnored) {
  make_ready();
  s->on_ai_function_call(at(10), "c1", "lookup", "{}");
  s->on_ai_leg_failed(at(20), "closed", false);
  s->on_ai_connected(at(30));
  s->on_ai_session_updated(at(30));
  std::size_t m = mark();
  s->on_tool_result(at(40), "c1", "{}");
  EXPECT_TRUE(sink.since(m).empty());
}

TEST_F(CallSessionToolsTest, UnknownToolErrorOutputAndCreateAfterDone) {
  make_ready();
  s->on_ai_response_created(at(0), "r1");
  s->on_ai_function_call(at(10), "c1", "nope", "{}");
  EXPECT_TRUE(sink.has(R"(output:c1:{"error":"unknown function"})"));
  EXPECT_EQ(sink.count_prefix("tool:"), 0);
  EXPECT_EQ(creates(), 0);
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 1);
  EXPECT_EQ(events(CallEvent::Kind::kToolResult, "unknown_tool"), 1);
}

TEST_F(CallSessionToolsTest, ErrorOutcomeRecorded) {
  make_ready();
  s->on_ai_function_call(at(10), "c1", "lookup", "not json");
  s->on_tool_result(at(20), "c1", R"({"error":"arguments are not valid JSON"})",
                    "invalid_arguments");
  EXPECT_EQ(events(CallEvent::Kind::kToolResult, "invalid_arguments"), 1);
  EXPECT_EQ(creates(), 1);
}

TEST_F(CallSessionToolsTest, TransferPlaysHandoffWholeThenEndsTransferred) {
  make_ready();
  play("r1", "i1", 200, 0);  // "I'll put you through now"
  s->on_ai_function_call(at(10), "c1", "transfer_call", R"({"to":"+15550100"})");
  EXPECT_TRUE(s->on_transfer(at(20), "c1", "+15550100"));
  EXPECT_TRUE(sink.has(R"(output:c1:{"ok":true,"status":"transferring"})"));
  EXPECT_TRUE(sink.has("transfer:+15550100"));
  s->on_ai_audio_done(at(30), "r1", "i1");
  s->on_ai_response_done(at(30), "r1", ResponseStatus::kCompleted);
  EXPECT_FALSE(s->ended());  // the handoff line is still playing
  EXPECT_EQ(creates(), 0);
  s->on_caller_mark(at(100), "m1");
  s->on_caller_mark(at(200), last_mark_name());
  EXPECT_TRUE(s->ended());
  EXPECT_EQ(s->end_reason(), EndReason::kTransferred);
  EXPECT_FALSE(s->on_transfer(at(300), "", "+15550100"));
}

TEST_F(CallSessionToolsTest, RefusedTransferIsAnErrorOutput) {
  make_ready();
  s->on_ai_function_call(at(10), "c1", "transfer_call", R"({"to":"+1999"})");
  s->on_tool_result(at(20), "c1", R"({"error":"not allowed"})", "refused");
  EXPECT_FALSE(sink.has("transfer:+1999"));
  EXPECT_EQ(creates(), 1);
  EXPECT_FALSE(s->hangup_pending());
}

TEST_F(CallSessionToolsTest, ApiTransferAsksForHandoffLineFirst) {
  make_ready();
  EXPECT_TRUE(s->on_transfer(at(10), "", "sip:desk@example.com"));
  EXPECT_TRUE(sink.has("create:" + cfg.transfer_handoff));
  EXPECT_FALSE(s->ended());  // the handoff response is requested
  play("r1", "i1", 20, 20);
  s->on_ai_audio_done(at(20), "r1", "i1");
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  s->on_caller_mark(at(40), last_mark_name());
  EXPECT_EQ(s->end_reason(), EndReason::kTransferred);
  EXPECT_FALSE(s->on_say(at(50), "late"));
}

TEST_F(CallSessionToolsTest, SayFollowsTheCurrentResponse) {
  make_ready();
  play("r1", "i1", 100, 0);
  EXPECT_TRUE(s->on_say(at(10), "Your order shipped."));
  EXPECT_EQ(creates(), 0);  // not cutting r1
  s->on_ai_response_done(at(20), "r1", ResponseStatus::kCompleted);
  ASSERT_EQ(creates(), 1);
  EXPECT_NE(sink.actions.back().find("Your order shipped."), std::string::npos);
  EXPECT_EQ(events(CallEvent::Kind::kSay), 1);
}

TEST_F(CallSessionToolsTest, SayBeforeTheAiLegIsReadyWaitsForIt) {
  // The API answers 202 at once; the call may still be dialling its AI leg.
  s = std::make_unique<CallSession>(cfg, sink, t0);
  s->start(t0);
  s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
  EXPECT_TRUE(s->on_say(at(5), "Your table is ready."));
  EXPECT_TRUE(s->on_say(at(6), "Table 4."));
  EXPECT_EQ(creates(), 0);
  EXPECT_EQ(events(CallEvent::Kind::kSay), 2);
  s->on_ai_connected(at(10));
  s->on_ai_session_updated(at(20));
  ASSERT_EQ(creates(), 1);
  EXPECT_NE(sink.actions.back().find("Your table is ready. Table 4."), std::string::npos);
  s->on_ai_response_created(at(30), "r1");
  s->on_ai_response_done(at(40), "r1", ResponseStatus::kCompleted);
  EXPECT_EQ(creates(), 1);  // said once
}

}  // namespace
}  // namespace voxgate::call
