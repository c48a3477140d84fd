#pragma once
// StartConfig: what voxgate asks of a GPT-Live session, sent once in
// session.start (PROTOCOLS-LIVE 4). The service is strict: an unknown field is
// an error, and nothing here may change after the start except the
// Responses backend. Plain values; no thread affinity.

#include <optional>
#include <string>
#include <vector>

#include "ai/tool_def.hpp"

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
