#pragma once
// Server events: what the AI leg (OpenAI Realtime or a compatible server)
// sends (PROTOCOLS.md "Server events voxgate handles"). Both dialects parse
// to the same structs. Plain values; no thread affinity.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "realtime/session_config.hpp"

namespace voxgate::realtime {

struct SessionCreated {
  bool operator==(const SessionCreated&) const = default;
};
// session.updated; `session` is the configuration in force (nullopt: the
// defaults, as session.created reports them). Voxgate's parser leaves it
// empty.
struct SessionUpdated {
  std::optional<SessionConfig> session = std::nullopt;
  bool operator==(const SessionUpdated&) const = default;
};

// input_audio_buffer.speech_started
struct SpeechStarted {
  int64_t audio_start_ms = 0;
  std::string item_id;
  bool operator==(const SpeechStarted&) const = default;
};

// input_audio_buffer.speech_stopped
struct SpeechStopped {
  int64_t audio_end_ms = 0;
  std::string item_id;
  bool operator==(const SpeechStopped&) const = default;
};

// input_audio_buffer.committed
struct AudioCommitted {
  std::string item_id;
  bool operator==(const AudioCommitted&) const = default;
};

// GA conversation.item.added / conversation.item.done, beta conversation.item.created.
// role is empty for items without one (function_call, function_call_output).
struct ItemAdded {
  std::string item_id;
  std::string type;
  std::string role;
  bool operator==(const ItemAdded&) const = default;
};

// response.created
struct ResponseCreated {
  std::string response_id;
  bool operator==(const ResponseCreated&) const = default;
};

// GA response.output_audio.delta, beta response.audio.delta: the hot path.
struct AudioDelta {
  std::string response_id;
  std::string item_id;
  int output_index = 0;
  int content_index = 0;
  std::string delta_b64;
  bool operator==(const AudioDelta&) const = default;
};

// GA response.output_audio.done, beta response.audio.done
struct AudioDone {
  std::string response_id;
  std::string item_id;
  bool operator==(const AudioDone&) const = default;
};

// GA response.output_audio_transcript.delta, beta response.audio_transcript.delta
struct TranscriptDelta {
  std::string response_id;
  std::string item_id;
  std::string delta;
  bool operator==(const TranscriptDelta&) const = default;
};

// GA response.output_audio_transcript.done, beta response.audio_transcript.done
struct TranscriptDone {
  std::string response_id;
  std::string item_id;
  std::string transcript;
  bool operator==(const TranscriptDone&) const = default;
};

// conversation.item.input_audio_transcription.completed (is_final) or .delta
// (partial; `transcript` then holds the delta text).
struct InputTranscription {
  std::string item_id;
  std::string transcript;
  bool is_final = true;
  // completed only: usage {type: "duration", seconds} (GA types); not parsed.
  std::optional<double> usage_seconds = std::nullopt;
  bool operator==(const InputTranscription&) const = default;
};

// response.function_call_arguments.done; arguments is JSON text.
struct FunctionCallArgumentsDone {
  std::string response_id;
  std::string item_id;
  std::string call_id;
  std::string name;
  std::string arguments;
  bool operator==(const FunctionCallArgumentsDone&) const = default;
};

// response.output_item.done; name/call_id/arguments are set for function_call items.
// response_id is required by the GA types (empty: not sent, as older servers
// do); a message item's content is one output_audio part carrying
// `transcript` (nullopt: no content sent).
struct OutputItemDone {
  std::string item_id;
  std::string type;
  std::string name;
  std::string call_id;
  std::string arguments;
  // Defaulted (= {}): older initialisations without them stay complete.
  std::string response_id = {};
  std::optional<std::string> transcript = std::nullopt;
  bool operator==(const OutputItemDone&) const = default;
};

// response.done's usage (GA RealtimeResponseUsage, the token totals).
struct ResponseUsage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  bool operator==(const ResponseUsage&) const = default;
};

enum class ResponseStatus { kCompleted, kCancelled, kIncomplete, kFailed, kInProgress, kUnknown };

// response.done; reason/error_* come from response.status_details.
struct ResponseDone {
  std::string response_id;
  ResponseStatus status = ResponseStatus::kUnknown;
  std::string reason;
  std::string error_code;
  std::string error_message;
  std::string error_type;  // status_details.error.type (e.g. insufficient_quota)
  // The response's items, as in their output_item.done (clients read the
  // transcript here), and its usage. Encoded for clients; voxgate's own
  // parser leaves them empty (it reads the item events).
  std::vector<OutputItemDone> output = {};
  std::optional<ResponseUsage> usage = std::nullopt;
  bool operator==(const ResponseDone&) const = default;
};

// conversation.item.truncated
struct ItemTruncated {
  std::string item_id;
  int64_t audio_end_ms = 0;
  bool operator==(const ItemTruncated&) const = default;
};

struct RateLimitsUpdated {
  bool operator==(const RateLimitsUpdated&) const = default;
};

// error; a JSON null field reads as "". event_id names the client event at fault.
struct Error {
  std::string type;
  std::string code;
  std::string message;
  std::string param;
  std::string event_id;
  bool operator==(const Error&) const = default;
};

// Any other type: not a parse error; the caller counts these.
struct Unknown {
  std::string type;
  bool operator==(const Unknown&) const = default;
};

using ServerEvent =
    std::variant<SessionCreated, SessionUpdated, SpeechStarted, SpeechStopped, AudioCommitted,
                 ItemAdded, ResponseCreated, AudioDelta, AudioDone, TranscriptDelta, TranscriptDone,
                 InputTranscription, FunctionCallArgumentsDone, OutputItemDone, ResponseDone,
                 ItemTruncated, RateLimitsUpdated, Error, Unknown>;

std::string_view to_string(ResponseStatus status);
// Unrecognised text maps to kUnknown.
ResponseStatus response_status_from(std::string_view text);

}  // namespace voxgate::realtime
