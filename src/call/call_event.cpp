#include "call/call_event.hpp"

namespace voxgate::call {

std::string_view to_string(EndReason r) {
  switch (r) {
    case EndReason::kCallerHangup:
      return "caller_hangup";
    case EndReason::kAgentHangup:
      return "agent_hangup";
    case EndReason::kMaxDuration:
      return "max_duration";
    case EndReason::kCallerSilence:
      return "caller_silence";
    case EndReason::kAiFailure:
      return "ai_failure";
    case EndReason::kShutdown:
      return "shutdown";
    case EndReason::kTransferred:
      return "transferred";
    case EndReason::kCallerStalled:
      return "caller_stalled";
    case EndReason::kOperatorHangup:
      return "operator_hangup";
    case EndReason::kInternalError:
      return "internal_error";
  }
  return "unknown";
}

std::string_view to_string(CallEvent::Kind k) {
  using K = CallEvent::Kind;
  switch (k) {
    case K::kCallerStarted:
      return "caller_started";
    case K::kGreetingStarted:
      return "greeting_started";
    case K::kGreetingEnded:
      return "greeting_ended";
    case K::kBargeIn:
      return "barge_in";
    case K::kCancel:
      return "cancel";
    case K::kTruncate:
      return "truncate";
    case K::kTranscriptTurn:
      return "transcript_turn";
    case K::kFirstAudio:
      return "first_audio";
    case K::kTurnLatency:
      return "turn_latency";
    case K::kModelYielded:
      return "model_yielded";
    case K::kDtmf:
      return "dtmf";
    case K::kHangupRequested:
      return "hangup_requested";
    case K::kSilencePrompt:
      return "silence_prompt";
    case K::kAiError:
      return "ai_error";
    case K::kAiLegFatal:
      return "ai_leg_fatal";
    case K::kReconnectAttempt:
      return "reconnect_attempt";
    case K::kReconnected:
      return "reconnected";
    case K::kFallback:
      return "fallback";
    case K::kCallEnded:
      return "call_ended";
    case K::kToolCall:
      return "tool_call";
    case K::kToolResult:
      return "tool_result";
    case K::kTransfer:
      return "transfer";
    case K::kSay:
      return "say";
    case K::kShellError:
      return "shell_error";
  }
  return "unknown";
}

}  // namespace voxgate::call
