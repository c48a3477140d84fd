// CallSession: tool calls, transfer and call control (docs/tools.md). The rules are
// listed in call_session.hpp under "Tools".
#include <algorithm>
#include <utility>

#include "call/call_session.hpp"

namespace voxgate::call {

namespace {
constexpr std::string_view kEndCall = "end_call";
constexpr std::string_view kUnknown = R"({"error":"unknown function"})";
}  // namespace

void CallSession::handle_function_call(common::TimePoint now, std::string_view call_id,
                                       std::string_view name, std::string_view arguments_json) {
  // The same call may arrive as arguments.done and as output_item.done.
  if (!tools_.first_sight(call_id)) return;
  event(CallEvent::Kind::kToolCall, now, std::string(name), std::string(call_id));
  if (name == kEndCall) {
    // BEHAVIOUR 4: answer the tool, then hang up after the current audio.
    sink_.send_ai_function_output(call_id, R"({"ok":true})");
    tool_answered(now, name, "ok");
    request_hangup(now);
    return;
  }
  const auto& shell = config_.shell_tools;
  if (std::find(shell.begin(), shell.end(), name) == shell.end()) {
    sink_.send_ai_function_output(call_id, kUnknown);
    tool_answered(now, name, "unknown_tool");
    tools_.owe_follow_up();
    maybe_follow_up(now);
    return;
  }
  // The shell runs it off this strand's turn; the answer comes back as
  // on_tool_result / on_transfer. Barge-in etc. keep working meanwhile.
  tools_.begin(call_id, name);
  sink_.invoke_tool(call_id, name, arguments_json);
}

void CallSession::on_tool_result(common::TimePoint now, std::string_view call_id,
                                 std::string_view output_json, std::string_view outcome) {
  if (!accepting()) return;  // late: the call is over or ending
  auto name = tools_.finish(call_id);
  if (!name) return;  // not pending (duplicate, or lost in a reconnect)
  sink_.send_ai_function_output(call_id, output_json);
  tool_answered(now, *name, outcome);
  tools_.owe_follow_up();
  maybe_follow_up(now);
}

bool CallSession::on_transfer(common::TimePoint now, std::string_view call_id,
                              std::string_view target) {
  if (!end_.transfer_allowed()) return false;
  if (!call_id.empty()) {
    auto name = tools_.finish(call_id);
    if (!name) return false;
    // The model's own handoff line is already in this response; no create.
    sink_.send_ai_function_output(call_id, R"({"ok":true,"status":"transferring"})");
    tool_answered(now, *name, "ok");
  } else if (ai_.ready()) {
    // Ordered from outside: the AI tells the caller first (plays whole).
    request_response(now, config_.transfer_handoff);
  }
  end_.claim_transfer(target);
  event(CallEvent::Kind::kTransfer, now, {}, std::string(target));
  sink_.transfer_call(target);
  request_hangup(now);
  return true;
}

bool CallSession::on_say(common::TimePoint now, std::string_view text) {
  if (!accepting() || end_.hangup_pending()) return false;
  event(CallEvent::Kind::kSay, now, {}, std::string(text));
  // The API answered 202 already: while the AI leg connects (or reconnects)
  // the text waits for it, bounded (the API caps one text at 2000 chars).
  if (!ai_.ready()) return pending_say_.add(text);
  say_now(now, text);
  return true;
}

void CallSession::say_pending(common::TimePoint now) {
  if (!ai_.ready()) return;
  if (auto text = pending_say_.take()) say_now(now, *text);
}

void CallSession::say_now(common::TimePoint now, std::string_view text) {
  // Follows the current response (request_response defers while busy).
  request_response(
      now, "Say exactly this to the caller, then continue the conversation: " + std::string(text));
}

void CallSession::tool_answered(common::TimePoint now, std::string_view name,
                                std::string_view outcome) {
  event(CallEvent::Kind::kToolResult, now, std::string(name), std::string(outcome));
}

void CallSession::maybe_follow_up(common::TimePoint now) {
  if (!tools_.follow_up_owed() || !tools_.empty() || !accepting()) return;
  // A hang-up or transfer is under way: the model need not speak again.
  if (end_.hangup_pending()) {
    tools_.follow_up_sent();
    return;
  }
  // Never while a response is requested or active (PROTOCOLS.md race);
  // on_ai_response_done calls back here.
  if (response_.busy() || !ai_.ready()) return;
  request_response(now, std::nullopt);
}

void CallSession::request_hangup(common::TimePoint now) {
  if (end_.request_hangup(now)) event(CallEvent::Kind::kHangupRequested, now);
  maybe_finish_hangup(now);
}

}  // namespace voxgate::call
