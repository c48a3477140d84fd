#pragma once
// ToolRunner: runs the tools the shell owns when the AI calls them (docs/tools.md):
// webhook tools (a signed JSON POST; the JSON reply is the function output)
// and the built-in transfer_call (allow-list check). Answers are verdicts the
// CallRunner feeds to CallSession::on_tool_result / on_transfer.
//
// Webhook request: POST url, JSON {call_sid, stream_sid, tool, call_id,
// arguments, custom_parameters}, headers X-Voxgate-Timestamp and
// X-Voxgate-Signature (tool_signature.hpp) plus the tool's static headers.
// Timeout, unreachable, non-2xx or a non-JSON reply become {"error": "..."}
// outputs the model can explain; arguments that are not a JSON object are
// answered with an error output and never sent.
//
// Owner: the app; outlives every call. Thread-safe: const after construction;
// `done` runs on the executor given to run(), never inside run().

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/tool_def.hpp"
#include "config/tool_config.hpp"
#include "net/http_client.hpp"

namespace voxgate::bridge {

inline constexpr std::string_view kTransferTool = "transfer_call";

struct ToolCallContext {
  std::string call_sid;
  std::string stream_sid;
  std::map<std::string, std::string> custom_parameters;
};

struct ToolVerdict {
  std::string output_json;                 // the function output (unless transferring)
  std::string outcome = "ok";              // metric / record label
  std::optional<std::string> transfer_to;  // set: hand the call to this target
};

class ToolRunner {
 public:
  using UnixSeconds = std::function<int64_t()>;
  ToolRunner(config::ToolsConfig config, net::HttpClientOptions http = {},
             UnixSeconds unix_now = {});

  // For session.update: transfer_call (when enabled), then each webhook.
  std::vector<ai::ToolDef> definitions() const;
  // Names the call core hands to the shell (SessionConfig::shell_tools).
  std::vector<std::string> names() const;
  const config::ToolsConfig& config() const { return config_; }

  void run(boost::asio::any_io_executor executor, const ToolCallContext& context,
           std::string call_id, std::string name, std::string arguments_json,
           std::function<void(ToolVerdict)> done) const;

 private:
  const config::WebhookToolConfig* find(std::string_view name) const;
  ToolVerdict transfer(std::string_view arguments_json) const;
  net::HttpPost webhook_request(const config::WebhookToolConfig& tool,
                                const ToolCallContext& context, std::string_view call_id,
                                std::string_view arguments_json) const;

  config::ToolsConfig config_;
  net::HttpClient http_;
  UnixSeconds unix_now_;
};

// The verdict for a webhook's HTTP result (pure; unit-tested).
ToolVerdict webhook_verdict(const net::HttpResult& result);

}  // namespace voxgate::bridge
