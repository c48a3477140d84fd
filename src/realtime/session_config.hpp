#pragma once
// SessionConfig: what voxgate asks of a Realtime session (session.update).
// Plain values, owned by whoever sends or receives session.update; no thread
// affinity. Audio is one format both ways: G.711 mu-law (GA
// `{"type":"audio/pcmu"}`, beta `"g711_ulaw"`), the default, or 16-bit PCM at
// 24 kHz (GA `{"type":"audio/pcm","rate":24000}`, beta `"pcm16"`), the only
// PCM rate Realtime takes.

#include <optional>
#include <string>
#include <vector>

#include "ai/tool_def.hpp"
#include "audio/format.hpp"

namespace voxgate::realtime {

// PROTOCOLS.md "server_vad options"; `eagerness` applies to semantic_vad only.
struct TurnDetection {
  std::string type = "server_vad";
  double threshold = 0.5;
  int prefix_padding_ms = 300;
  int silence_duration_ms = 500;
  bool create_response = true;
  bool interrupt_response = false;
  std::optional<int> idle_timeout_ms;
  std::optional<std::string> eagerness;  // semantic_vad

  bool operator==(const TurnDetection&) const = default;
};

// A function tool: the shell declares tools in no protocol's words. The
// parser re-serializes parameters_json with Boost.JSON, so compare compact
// forms.
using ToolDef = ai::ToolDef;

// A field absent from a parsed session.update keeps its default here; an
// explicit JSON null turns the optional ones off (nullopt).
struct SessionConfig {
  std::string model = "gpt-realtime";
  std::string instructions;
  std::string voice = "alloy";
  std::optional<TurnDetection> turn_detection = TurnDetection{};
  std::optional<std::string> transcription_model = "whisper-1";
  std::vector<ToolDef> tools;
  audio::Format audio = audio::kPhoneMulaw;  // kPhoneMulaw or kPcm

  static constexpr audio::Format kPcm = audio::pcm16(24000);

  bool operator==(const SessionConfig&) const = default;
};

}  // namespace voxgate::realtime
