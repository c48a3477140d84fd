#pragma once
// Tool configuration (docs/tools.md): webhook tools the AI can call, the secret that
// signs their requests, and the transfer allow-list that enables the built-in
// transfer_call. Plain data, filled by ConfigLoader (tool_table.cpp parses
// the [[tools.webhook]] tables); copied into the app at start.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace voxgate::config {

struct WebhookToolConfig {
  std::string name;         // function name the model calls: [A-Za-z0-9_-]{1,64}
  std::string description;  // tells the model when to call it
  std::string parameters_json = R"({"type":"object","properties":{}})";  // JSON Schema
  std::string url;                                                       // http:// or https://
  int timeout_ms = 5000;
  std::vector<std::pair<std::string, std::string>> headers;  // static, e.g. an API key
};

struct ToolsConfig {
  std::vector<WebhookToolConfig> webhooks;
  std::string secret;  // HMAC-SHA256 key for X-Voxgate-Signature; never logged
  // Numbers (+E.164) and SIP URIs transfer_call may dial; empty = no transfer_call.
  std::vector<std::string> transfer_allow;

  bool transfer_enabled() const { return !transfer_allow.empty(); }
};

// Exact match against the allow-list (no patterns: a transfer dials a real
// phone, so what is allowed must be spelled out).
bool transfer_allowed(const std::vector<std::string>& allow, std::string_view target);

// A plausible transfer target: "+" and 6-15 digits, or "sip:" user@host.
bool valid_transfer_target(std::string_view target);

}  // namespace voxgate::config
