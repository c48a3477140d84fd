#include "bridge/tool_runner.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <chrono>

#include "bridge/tool_signature.hpp"

namespace voxgate::bridge {
namespace {

namespace json = boost::json;

ToolVerdict error_verdict(std::string_view message, std::string outcome) {
  return {json::serialize(json::object{{"error", message}}), std::move(outcome), std::nullopt};
}

// Arguments must be a JSON object (PROTOCOLS.md: `arguments` is JSON text).
std::optional<json::object> parse_arguments(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

int64_t system_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::string_view kTransferSchema =
    R"({"type":"object","properties":{"to":{"type":"string","description":"The number or SIP address to transfer to"}},"required":["to"]})";

}  // namespace

ToolRunner::ToolRunner(config::ToolsConfig config, net::HttpClientOptions http,
                       UnixSeconds unix_now)
    : config_(std::move(config)),
      http_(std::move(http)),
      unix_now_(unix_now ? std::move(unix_now) : UnixSeconds(system_unix_seconds)) {}

std::vector<ai::ToolDef> ToolRunner::definitions() const {
  std::vector<ai::ToolDef> out;
  if (config_.transfer_enabled()) {
    std::string allowed;
    for (const auto& t : config_.transfer_allow) allowed += (allowed.empty() ? "" : ", ") + t;
    out.push_back({std::string(kTransferTool),
                   "Transfer the caller to a person. Say a short handoff line first. Allowed "
                   "targets: " +
                       allowed,
                   std::string(kTransferSchema)});
  }
  for (const auto& w : config_.webhooks) out.push_back({w.name, w.description, w.parameters_json});
  return out;
}

std::vector<std::string> ToolRunner::names() const {
  std::vector<std::string> out;
  if (config_.transfer_enabled()) out.emplace_back(kTransferTool);
  for (const auto& w : config_.webhooks) out.push_back(w.name);
  return out;
}

const config::WebhookToolConfig* ToolRunner::find(std::string_view name) const {
  for (const auto& w : config_.webhooks) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

ToolVerdict ToolRunner::transfer(std::string_view arguments_json) const {
  auto args = parse_arguments(arguments_json);
  const json::value* to = args ? args->if_contains("to") : nullptr;
  if (!to || !to->is_string()) {
    return error_verdict(R"(arguments must be {"to": "<number or sip: address>"})",
                         "invalid_arguments");
  }
  const std::string target(to->as_string());
  if (!config_.transfer_enabled() || !config::transfer_allowed(config_.transfer_allow, target)) {
    return error_verdict("transfer to " + target + " is not allowed", "refused");
  }
  return {{}, "ok", target};
}

net::HttpPost ToolRunner::webhook_request(const config::WebhookToolConfig& tool,
                                          const ToolCallContext& context, std::string_view call_id,
                                          std::string_view arguments_json) const {
  json::object params;
  for (const auto& [k, v] : context.custom_parameters) params[k] = v;
  json::object body{{"call_sid", context.call_sid},
                    {"stream_sid", context.stream_sid},
                    {"tool", tool.name},
                    {"call_id", call_id},
                    {"arguments", *parse_arguments(arguments_json)},
                    {"custom_parameters", std::move(params)}};
  net::HttpPost post;
  post.url = tool.url;
  post.body = json::serialize(body);
  post.timeout = std::chrono::milliseconds(tool.timeout_ms);
  post.headers = tool.headers;
  const std::string ts = std::to_string(unix_now_());
  post.headers.emplace_back(std::string(kToolTimestampHeader), ts);
  post.headers.emplace_back(std::string(kToolSignatureHeader),
                            tool_signature(config_.secret, ts, post.body));
  return post;
}

void ToolRunner::run(boost::asio::any_io_executor executor, const ToolCallContext& context,
                     std::string call_id, std::string name, std::string arguments_json,
                     std::function<void(ToolVerdict)> done) const {
  auto answer_later = [&](ToolVerdict v) {
    boost::asio::post(executor,
                      [done = std::move(done), v = std::move(v)]() mutable { done(std::move(v)); });
  };
  if (name == kTransferTool) return answer_later(transfer(arguments_json));
  const config::WebhookToolConfig* tool = find(name);
  if (!tool) return answer_later(error_verdict("unknown function", "unknown_tool"));
  if (!parse_arguments(arguments_json)) {
    return answer_later(error_verdict("arguments are not a valid JSON object; nothing was done",
                                      "invalid_arguments"));
  }
  http_.post(executor, webhook_request(*tool, context, call_id, arguments_json),
             [done = std::move(done)](net::HttpResult r) { done(webhook_verdict(r)); });
}

ToolVerdict webhook_verdict(const net::HttpResult& result) {
  if (!result) {
    if (result.error().kind == net::HttpError::Kind::kTimeout) {
      return error_verdict("the tool did not answer in time", "timeout");
    }
    return error_verdict("the tool could not be reached", "unreachable");
  }
  const net::HttpReply& reply = *result;
  if (reply.status < 200 || reply.status > 299) {
    return error_verdict("the tool failed (HTTP " + std::to_string(reply.status) + ")",
                         "http_error");
  }
  if (reply.body.empty()) return {R"({"ok":true})", "ok", std::nullopt};
  boost::system::error_code ec;
  json::value v = json::parse(reply.body, ec);
  if (ec) return error_verdict("the tool gave an invalid reply", "bad_reply");
  return {json::serialize(v), "ok", std::nullopt};
}

}  // namespace voxgate::bridge
