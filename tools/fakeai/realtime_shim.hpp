#pragma once
// TEMPORARY SHIM -- delete when src/realtime (codec) and src/audio (base64, g711,
// wav_writer) land on main. It mirrors the announced voxgate::realtime API with
// just the events fakeai needs, so the switch is a namespace alias change in
// fake_session.hpp. Not for use outside tools/fakeai.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace voxgate::fakeai::shim {

enum class Dialect { kGA, kBeta };

struct SessionConfig {};

struct SessionUpdate {
  SessionConfig session;
};
struct AudioAppend {
  std::string audio_b64;
};
struct AudioCommit {};
struct AudioClear {};
struct ItemCreateMessage {
  std::string role, text;
};
struct ItemCreateFunctionOutput {
  std::string call_id, output;
};
struct ItemTruncate {
  std::string item_id;
  int content_index = 0;
  int64_t audio_end_ms = 0;
};
struct ResponseCreate {
  std::optional<std::string> instructions;
};
struct ResponseCancel {
  std::optional<std::string> response_id;
};
using ClientEvent =
    std::variant<SessionUpdate, AudioAppend, AudioCommit, AudioClear, ItemCreateMessage,
                 ItemCreateFunctionOutput, ItemTruncate, ResponseCreate, ResponseCancel>;

enum class ParseError { kInvalidJson, kMissingType, kUnknownType, kMissingField };
common::Result<ClientEvent, ParseError> parse_client_event(std::string_view text);

struct SessionCreated {};
struct SessionUpdated {};
struct SpeechStarted {
  int64_t audio_start_ms = 0;
  std::string item_id;
};
struct SpeechStopped {
  int64_t audio_end_ms = 0;
  std::string item_id;
};
struct AudioCommitted {
  std::string item_id;
};
struct ItemAdded {
  std::string item_id, type, role;
};
struct ResponseCreated {
  std::string response_id;
};
struct AudioDelta {
  std::string response_id, item_id;
  int output_index = 0, content_index = 0;
  std::string delta_b64;
};
struct AudioDone {
  std::string response_id, item_id;
};
struct TranscriptDelta {
  std::string response_id, item_id, delta;
};
struct TranscriptDone {
  std::string response_id, item_id, transcript;
};
struct InputTranscription {
  std::string item_id, transcript;
  bool is_final = true;
};
struct FunctionCallArgumentsDone {
  std::string response_id, item_id, call_id, name, arguments;
};
struct OutputItemDone {
  std::string item_id, type, name, call_id, arguments;
};
enum class ResponseStatus { kCompleted, kCancelled, kIncomplete, kFailed, kInProgress, kUnknown };
struct ResponseDone {
  std::string response_id;
  ResponseStatus status = ResponseStatus::kCompleted;
  std::string reason, error_code, error_message;
};
struct ItemTruncated {
  std::string item_id;
  int64_t audio_end_ms = 0;
};
struct RateLimitsUpdated {};
struct Error {
  std::string type, code, message, param, event_id;
};
struct Unknown {
  std::string type;
};
using ServerEvent =
    std::variant<SessionCreated, SessionUpdated, SpeechStarted, SpeechStopped, AudioCommitted,
                 ItemAdded, ResponseCreated, AudioDelta, AudioDone, TranscriptDelta, TranscriptDone,
                 InputTranscription, FunctionCallArgumentsDone, OutputItemDone, ResponseDone,
                 ItemTruncated, RateLimitsUpdated, Error, Unknown>;

std::string encode(const ServerEvent& ev, Dialect dialect);

// Audio helpers (stand-ins for audio/base64.hpp, audio/g711.hpp, audio/wav_writer.hpp).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
int16_t ulaw_to_linear(uint8_t u);
uint8_t linear_to_ulaw(int16_t pcm);
enum class WavError { kOpen, kFormat };
common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path);

}  // namespace voxgate::fakeai::shim
