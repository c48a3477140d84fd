#pragma once
// CallEvent: one entry for the call record (BEHAVIOUR 6) emitted by the call
// core through ActionSink::record. Plain data; the store/obs modules persist
// and log it. Also the small enums shared by the sink interface.

#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace voxgate::call {

enum class Role { kUser, kAssistant };

// Pre-rendered audio the shell owns (config), played without the AI leg.
enum class Clip { kHolding, kFallback };

enum class EndReason {
  kCallerHangup,
  kAgentHangup,
  kMaxDuration,
  kCallerSilence,
  kAiFailure,
  kShutdown,
  kTransferred,     // the stream ended so the provider can dial a person (transfer_call)
  kCallerStalled,   // the caller stopped reading: its write queue stayed full
  kOperatorHangup,  // POST /api/calls/{id}/hangup
  kInternalError,   // the shell failed inside this call (an exception in a handler)
};

// Counters (value = increment) and observations (value = a sample).
enum class Metric {
  kCallerFramesIn,         // caller media frames received
  kAiAppendsOut,           // appends sent to the AI leg (a batch of frames is one)
  kAiDeltasIn,             // AI audio deltas received
  kCallerMediaOut,         // AI audio chunks forwarded to the caller
  kMarksOut,               // marks sent to the caller
  kDroppedCancelled,       // deltas of a cancelled response (BEHAVIOUR 3)
  kDroppedLate,            // deltas of an unknown / finished response (BEHAVIOUR 5 bad input)
  kDroppedOverflow,        // early caller frames evicted from the bounded buffer
  kDroppedNoAiLeg,         // caller frames while the AI leg is gone for good
  kBargeInLatencySeconds,  // observation
  kTurnLatencySeconds,     // observation: speech stopped -> first AI audio
  kFirstAudioSeconds,      // observation: call start -> first AI audio
  kCancels,
  kTruncates,
  kReconnects,
  kAiFailures,
  kFallbacks,
  kAiErrors,
  kRejectedBeforeStart,     // caller media/DTMF/mark before the start message (BEHAVIOUR 0)
  kRejectedDtmf,            // a DTMF digit that is not one of 0-9 * # A-D (BEHAVIOUR 5)
  kDroppedDtmf,             // valid digits beyond the gathered bound (BEHAVIOUR 5 bounds)
  kDroppedRecordEvents,     // events not recorded: per-call event or DTMF cap reached
  kDroppedTurns,            // transcript turns not recorded: per-call turn cap reached
  kDroppedPlayoutOverflow,  // AI audio past max_playout_ahead (BEHAVIOUR 3, model-managed)
  // observation, model-managed: caller speech onset -> AI output quiet
  kModelYieldedSeconds,
  // observation, model-managed: the carrier's playout ahead of real time as
  // each AI chunk is sent (before it)
  kPlayoutAheadSeconds,
};

struct CallEvent {
  enum class Kind {
    kCallerStarted,
    kGreetingStarted,
    kGreetingEnded,    // text: last_mark | barge_in | failure | deadline
    kBargeIn,          // value: latency seconds
    kCancel,           // id: response id
    kTruncate,         // id: item id, value: audio_end_ms
    kTranscriptTurn,   // role, text, interrupted
    kFirstAudio,       // value: seconds since call start
    kTurnLatency,      // value: seconds
    kModelYielded,     // value: seconds, caller speech onset -> AI quiet (model-managed)
    kDtmf,             // text: digit
    kHangupRequested,  // by the end_call tool
    kSilencePrompt,
    kAiError,           // id: code, text: message
    kAiLegFatal,        // text: reason (BEHAVIOUR 5.1, once per failure)
    kReconnectAttempt,  // value: attempt number
    kReconnected,
    kFallback,    // text: reason the call falls back
    kCallEnded,   // text: end reason
    kToolCall,    // id: tool name, text: call id
    kToolResult,  // id: tool name, text: outcome (ok, error, timeout, http_error, ...)
    kTransfer,    // text: target
    kSay,         // text: what the agent was asked to say (call-control API)
    kShellError,  // text: where the shell failed (the call then ends, internal_error)
  };
  Kind kind = Kind::kCallerStarted;
  common::TimePoint at;
  std::string id;
  std::string text;
  double value = 0;
  Role role = Role::kAssistant;
  bool interrupted = false;
};

std::string_view to_string(EndReason r);
std::string_view to_string(CallEvent::Kind k);

}  // namespace voxgate::call
