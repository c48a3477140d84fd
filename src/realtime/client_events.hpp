#pragma once
// Client events: what voxgate (the Realtime client) sends to the AI leg
// (PROTOCOLS.md "Client events voxgate sends"). Plain values; no thread
// affinity. Encoded and parsed by codec.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "realtime/session_config.hpp"

namespace voxgate::realtime {

// session.update
struct SessionUpdate {
  SessionConfig session;
  bool operator==(const SessionUpdate&) const = default;
};

// input_audio_buffer.append; the base64 passes through unchanged (mu-law both sides).
struct AudioAppend {
  std::string audio_b64;
  bool operator==(const AudioAppend&) const = default;
};

// input_audio_buffer.commit
struct AudioCommit {
  bool operator==(const AudioCommit&) const = default;
};

// input_audio_buffer.clear
struct AudioClear {
  bool operator==(const AudioClear&) const = default;
};

// conversation.item.create with a text message; role is user, assistant or system.
struct ItemCreateMessage {
  std::string role;
  std::string text;
  bool operator==(const ItemCreateMessage&) const = default;
};

// conversation.item.create with a function_call_output item (tool result).
struct ItemCreateFunctionOutput {
  std::string call_id;
  std::string output;
  bool operator==(const ItemCreateFunctionOutput&) const = default;
};

// conversation.item.truncate; audio_end_ms must not exceed the audio sent.
struct ItemTruncate {
  std::string item_id;
  int content_index = 0;
  int64_t audio_end_ms = 0;
  bool operator==(const ItemTruncate&) const = default;
};

// response.create, optionally with per-response instructions.
struct ResponseCreate {
  std::optional<std::string> instructions;
  bool operator==(const ResponseCreate&) const = default;
};

// response.cancel, optionally naming the response.
struct ResponseCancel {
  std::optional<std::string> response_id;
  bool operator==(const ResponseCancel&) const = default;
};

using ClientEvent =
    std::variant<SessionUpdate, AudioAppend, AudioCommit, AudioClear, ItemCreateMessage,
                 ItemCreateFunctionOutput, ItemTruncate, ResponseCreate, ResponseCancel>;

}  // namespace voxgate::realtime
