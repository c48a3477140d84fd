#include "config/ai_protocol.hpp"

namespace voxgate::config {
namespace {

std::string_view url_path(std::string_view url) {
  const auto end = url.find_first_of("?#");
  if (end != std::string_view::npos) url = url.substr(0, end);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return url;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool url_names_realtime(std::string_view url) {
  return ends_with(url_path(url), "/realtime");
}

}  // namespace

bool url_names_live(std::string_view url) {
  return ends_with(url_path(url), "/live/sessions");
}

std::optional<std::string> resolve_ai_protocol(AiConfig& ai) {
  if (ai.protocol == "auto") ai.protocol = url_names_live(ai.url) ? "live" : "realtime";
  if (ai.protocol == "realtime") {
    if (!url_names_live(ai.url)) return std::nullopt;
    return "'ai.protocol' is 'realtime' but 'ai.url' (" + ai.url +
           ") is a GPT-Live endpoint: set ai.protocol = \"live\" or a Realtime URL";
  }
  if (ai.model == kRealtimeModel) ai.model = kLiveModel;
  // The in-process local agent serves both protocols; the app dials its own
  // /v1/live/sessions, so ai.url plays no part.
  if (ai.agent == "local") return std::nullopt;
  if (ai.url == kRealtimeUrl) ai.url = kLiveUrl;
  if (url_names_realtime(ai.url)) {
    return "'ai.protocol' is 'live' but 'ai.url' (" + ai.url +
           ") is a Realtime endpoint: set a URL ending in /live/sessions or ai.protocol = "
           "\"realtime\"";
  }
  return std::nullopt;
}

}  // namespace voxgate::config
