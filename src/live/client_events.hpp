#pragma once
// Client events: what voxgate sends to a GPT-Live session (PROTOCOLS-LIVE 2).
// Plain values; no thread affinity. Encoded by codec.hpp.

#include <optional>
#include <string>
#include <variant>

#include "live/session_start.hpp"

namespace voxgate::live {

// session.start: the first and only configuration (PROTOCOLS-LIVE 1, 4).
struct SessionStart {
  StartConfig session;
  bool operator==(const SessionStart&) const = default;
};

// session.input_audio.append: the carrier's payload, base64 untouched.
struct InputAudioAppend {
  std::string audio_b64;
  bool operator==(const InputAudioAppend&) const = default;
};

// The three appends onto the session's timeline (PROTOCOLS-LIVE 2): a
// standing rule, silent context, speakable context. `delegation_id` is sent
// even when null (the service requires the key).
enum class AppendKind { kInstructions, kThinking, kCommentary };
struct ContextAppend {
  AppendKind kind = AppendKind::kThinking;
  std::optional<std::string> delegation_id;
  std::string content;
  bool operator==(const ContextAppend&) const = default;
};

// response.item.create with a function_call_output item (PROTOCOLS-LIVE 6.3).
struct FunctionOutput {
  std::string call_id;
  std::string output;
  bool operator==(const FunctionOutput&) const = default;
};

// response.create: continue the backend response (PROTOCOLS-LIVE 6.4).
struct ResponseCreate {
  bool operator==(const ResponseCreate&) const = default;
};

// session.close: graceful end; session.closed follows (PROTOCOLS-LIVE 8).
struct SessionClose {
  bool operator==(const SessionClose&) const = default;
};

using ClientEvent = std::variant<SessionStart, InputAudioAppend, ContextAppend, FunctionOutput,
                                 ResponseCreate, SessionClose>;

}  // namespace voxgate::live
