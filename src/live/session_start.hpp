#pragma once
// StartConfig: what voxgate asks of a GPT-Live session, sent once in
// session.start (PROTOCOLS-LIVE 4). The service is strict: an unknown field is
// an error, and nothing here may change after the start except the
// Responses backend. Plain values; no thread affinity.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ai/tool_def.hpp"
#include "audio/format.hpp"

namespace voxgate::live {

// One text message of the startup history (PROTOCOLS-LIVE 7); role is
// developer, user or assistant.
struct InputMessage {
  std::string role;
  std::string text;
  bool operator==(const InputMessage&) const = default;
};

// The carrier's format passes through both ways (PROTOCOLS-LIVE 4): Twilio
// mu-law is {"type":"audio/pcmu","rate":8000}; GPT-Live wants the rate given.
struct AudioFormat {
  std::string type = "audio/pcmu";
  int rate = 8000;
  bool operator==(const AudioFormat&) const = default;
};

// PROTOCOLS-LIVE 4 `audio.format`: what GPT-Live takes, in the call's terms.
inline constexpr std::array<audio::Format, 4> kLiveFormats = {
    audio::kPhoneMulaw, audio::Format{audio::Encoding::kAlaw, 8000, 1}, audio::pcm16(16000),
    audio::pcm16(24000)};

// The call's format in session.start's words (one of kLiveFormats).
inline AudioFormat live_format(const audio::Format& f) {
  if (f.encoding == audio::Encoding::kLinear16) return {"audio/pcm", f.sample_rate};
  if (f.encoding == audio::Encoding::kAlaw) return {"audio/pcma", 8000};
  return {"audio/pcmu", 8000};
}

// delegation {type:"responses"}: the backend model and the client-side
// functions (flat Responses `function` tools, PROTOCOLS-LIVE 4 and 6).
struct ResponsesDelegation {
  std::string model;
  std::string instructions;  // empty: not sent
  std::vector<ai::ToolDef> tools;
  bool operator==(const ResponsesDelegation&) const = default;
};

struct StartConfig {
  std::string model = "gpt-live-1";
  std::string instructions;
  std::vector<InputMessage> input;
  AudioFormat format;
  std::string voice = "marin";
  // nullopt: {"type":"client"} (PROTOCOLS-LIVE 6 client delegation).
  std::optional<ResponsesDelegation> delegation;
  bool store = false;
  bool operator==(const StartConfig&) const = default;
};

}  // namespace voxgate::live
