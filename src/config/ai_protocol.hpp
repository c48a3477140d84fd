#pragma once
// Which AI protocol a config speaks (ai.protocol): Realtime or GPT-Live, and
// the defaults that follow from it. Start-up only; pure.

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace voxgate::config {

inline constexpr std::string_view kRealtimeUrl = "wss://api.openai.com/v1/realtime";
inline constexpr std::string_view kRealtimeModel = "gpt-realtime";
inline constexpr std::string_view kLiveUrl = "wss://api.openai.com/v1/live/sessions";
inline constexpr std::string_view kLiveModel = "gpt-live-1";

// Whether the URL's path ends in /live/sessions (PROTOCOLS-LIVE 1).
bool url_names_live(std::string_view url);

// Resolves ai.protocol "auto" from ai.url; for live, a URL and model still
// at the Realtime defaults become the GPT-Live ones (with the local agent,
// which serves both protocols, only the model: the app dials the agent). An
// explicit protocol that contradicts the URL is an error text naming the
// keys.
std::optional<std::string> resolve_ai_protocol(AiConfig& ai);

}  // namespace voxgate::config
