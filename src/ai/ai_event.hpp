#pragma once
// What an AI leg tells the call, in no protocol's words (ARCHITECTURE.md "The
// one idea"): each AI protocol (Realtime, GPT-Live, ...) maps its server
// messages to these, and the shell hands them to the call core
// (bridge/ai_event_dispatch). Plain values; no thread affinity.

#include <cstdint>
#include <string>
#include <variant>

namespace voxgate::ai {

// The session accepted its configuration: audio may flow (Realtime
// session.updated).
struct SessionReady {
  bool operator==(const SessionReady&) const = default;
};

// The AI heard the caller start or stop speaking (client-managed turns).
struct SpeechStarted {
  std::string item_id;
  bool operator==(const SpeechStarted&) const = default;
};
struct SpeechStopped {
  bool operator==(const SpeechStopped&) const = default;
};

struct ResponseCreated {
  std::string response_id;
  bool operator==(const ResponseCreated&) const = default;
};

// The hot path: one chunk of the AI's audio, base64 in the caller's encoding.
struct AudioDelta {
  std::string response_id;
  std::string item_id;
  std::string delta_b64;
  bool operator==(const AudioDelta&) const = default;
};

struct AudioDone {
  std::string response_id;
  std::string item_id;
  bool operator==(const AudioDone&) const = default;
};

// What the AI is saying, as text.
struct TranscriptDelta {
  std::string response_id;
  std::string item_id;
  std::string delta;
  bool operator==(const TranscriptDelta&) const = default;
};
struct TranscriptDone {
  std::string response_id;
  std::string item_id;
  std::string transcript;
  bool operator==(const TranscriptDone&) const = default;
};

// What the caller said, as the AI transcribed it; partial ones (is_final
// false) carry only the newest piece.
struct InputTranscript {
  std::string item_id;
  std::string transcript;
  bool is_final = true;
  bool operator==(const InputTranscript&) const = default;
};

// The AI calls a tool; arguments is JSON text.
struct FunctionCall {
  std::string call_id;
  std::string name;
  std::string arguments;
  bool operator==(const FunctionCall&) const = default;
};

enum class ResponseStatus { kCompleted, kCancelled, kIncomplete, kFailed, kOther };

// A response ended; a failed one says why (error code, else error type).
struct ResponseDone {
  std::string response_id;
  ResponseStatus status = ResponseStatus::kOther;
  std::string error_code;
  std::string error_type;
  bool operator==(const ResponseDone&) const = default;
};

// An error the AI reported on an open session (the leg stays up).
struct Error {
  std::string code;
  std::string message;
  bool operator==(const Error&) const = default;
};

// Model-managed turns (BEHAVIOUR 3): no server event says when the caller
// speaks, so the leg hears the caller audio with voxgate's own VAD.
// The caller's speech ended: the turn latency starts here, as at
// SpeechStopped; no response is owed (the model decides whether to answer).
struct CallerSpeechEnded {
  bool operator==(const CallerSpeechEnded&) const = default;
};
// The caller spoke over the AI and its output went quiet `seconds` after the
// caller's speech onset (the model-managed barge-in latency).
struct ModelYielded {
  double seconds = 0;
  bool operator==(const ModelYielded&) const = default;
};

// A message that changes nothing but shows the leg is alive (BEHAVIOUR 5
// watchdog: "no AI event").
struct Activity {
  bool operator==(const Activity&) const = default;
};

// A message type voxgate does not know: counted, and the leg is alive.
struct Unknown {
  std::string type;
  bool operator==(const Unknown&) const = default;
};

using AiEvent =
    std::variant<SessionReady, SpeechStarted, SpeechStopped, ResponseCreated, AudioDelta, AudioDone,
                 TranscriptDelta, TranscriptDone, InputTranscript, FunctionCall, ResponseDone,
                 Error, CallerSpeechEnded, ModelYielded, Activity, Unknown>;

}  // namespace voxgate::ai
