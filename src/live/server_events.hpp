#pragma once
// Server events: what a GPT-Live session sends voxgate (PROTOCOLS-LIVE 3).
// Only the fields voxgate uses are kept. Plain values; no thread affinity.
// Parsed by codec.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace voxgate::live {

// session.started: the session is ready; its id is for logs and support.
struct SessionStarted {
  std::string id;
  int64_t expires_at = 0;  // unix seconds; 0 when absent
  std::string model;
  bool operator==(const SessionStarted&) const = default;
};

// An acknowledgement that changes nothing (session.updated, the mute acks,
// session.*.appended): proof the session is alive.
struct Ack {
  std::string type;
  bool operator==(const Ack&) const = default;
};

// session.output_audio.delta: the next chunk of the continuous output stream.
struct OutputAudioDelta {
  std::string delta_b64;
  bool operator==(const OutputAudioDelta&) const = default;
};

// session.input_transcript.delta / session.output_transcript.delta: a timed
// text fragment, ms from session start; no ids, no "done" (PROTOCOLS-LIVE 3).
enum class Side { kInput, kOutput };
struct TranscriptDelta {
  Side side = Side::kInput;
  std::string delta;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  bool operator==(const TranscriptDelta&) const = default;
};

// session.delegation.created: the model handed off work (no task text).
struct DelegationCreated {
  std::string id;
  std::string target;  // "client" | "responses"
  bool operator==(const DelegationCreated&) const = default;
};

// The Responses stream event inside response.event, reduced to what a bridge
// acts on (PROTOCOLS-LIVE 6).
struct BackendEvent {
  enum class Kind { kCreated, kFunctionCall, kCompleted, kFailed, kIncomplete, kOther };
  Kind kind = Kind::kOther;
  std::string type;         // the inner event's type
  std::string response_id;  // kCreated, kCompleted, kFailed, kIncomplete
  // kFunctionCall: a completed function_call output item.
  std::string call_id;
  std::string name;
  std::string arguments;
  std::string error_code;  // kFailed
  std::string error_message;
  bool operator==(const BackendEvent&) const = default;
};

// response.event
struct ResponseEvent {
  std::optional<std::string> delegation_id;
  BackendEvent event;
  bool operator==(const ResponseEvent&) const = default;
};

// session.usage.updated: cumulative seconds (never summed).
struct UsageUpdated {
  double seconds = 0;
  bool operator==(const UsageUpdated&) const = default;
};

// session.closed: terminal (PROTOCOLS-LIVE 8).
struct SessionClosed {
  std::string reason;
  double seconds = 0;
  bool operator==(const SessionClosed&) const = default;
};

// error: usually one command rejected; the session goes on.
struct Error {
  std::string type;
  std::string code;
  std::string message;
  std::string client_event_id;
  bool operator==(const Error&) const = default;
};

// info: a notice.
struct Info {
  std::string code;
  std::string message;
  bool operator==(const Info&) const = default;
};

// A type voxgate does not know: counted, not fatal (PROTOCOLS-LIVE 3).
struct Unknown {
  std::string type;
  bool operator==(const Unknown&) const = default;
};

using ServerEvent =
    std::variant<SessionStarted, Ack, OutputAudioDelta, TranscriptDelta, DelegationCreated,
                 ResponseEvent, UsageUpdated, SessionClosed, Error, Info, Unknown>;

}  // namespace voxgate::live
