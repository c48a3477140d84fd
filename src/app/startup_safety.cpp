#include "app/startup_safety.hpp"

#include <boost/asio/ip/address.hpp>

#include "app/voxgate_app.hpp"
#include "net/client_target.hpp"

namespace voxgate::app {
namespace {

std::string describe(const config::Config& c) {
  const AgentMode mode = resolve_agent(c);
  std::string ai = mode == AgentMode::kOpenAi ? "OpenAI" : "the AI server at ai.url";
  if (mode == AgentMode::kOpenAi && c.ai.agent == "auto") ai += " (OPENAI_API_KEY is set)";
  return "server.host '" + c.server.host + "' is a public address, the AI leg is " + ai +
         " (billed per call), and no caller authentication is configured";
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && addr.is_loopback();
}

Exposure exposure(const config::Config& c) {
  Exposure e;
  e.public_bind = !is_loopback_host(c.server.host);
  switch (resolve_agent(c)) {
    case AgentMode::kOpenAi:
      e.paid_ai = true;
      break;
    case AgentMode::kUrl: {
      auto target = net::parse_client_target(c.ai.url, "ws", "wss");
      e.paid_ai = !target || !is_loopback_host(target->host);
      break;
    }
    case AgentMode::kLocal:
    case AgentMode::kEcho:
      break;
  }
  // BEHAVIOUR 0: a stream is admitted on the per-call stream token; without
  // it /media opens an AI leg for anyone.
  e.caller_auth = stream_token_on(c.server);
  return e;
}

bool any_carrier_check(const config::ServerConfig& s) {
  return !s.telnyx_public_key.empty() || !s.vonage_signature_secret.empty() ||
         !s.plivo_auth_token.empty() || !s.signalwire_signing_key.empty();
}

bool stream_token_on(const config::ServerConfig& s) {
  return s.stream_token || (!s.stream_token_setting && any_carrier_check(s));
}

std::optional<std::string> startup_refusal(const config::Config& c) {
  if (!exposure(c).exposed() || c.server.allow_unauthenticated) return std::nullopt;
  const std::string fix =
      c.server.twilio_auth_token.empty()
          ? "set TWILIO_AUTH_TOKEN (turns on the Twilio signature check and the per-call "
            "stream token)"
          : "turn the stream token back on (server.stream_token = \"auto\")";
  return "refusing to start: " + describe(c) + ", so anyone who reaches /media can open AI " +
         "sessions at your cost. Fix: " + fix +
         "; or bind to 127.0.0.1 (--host) behind a proxy that authenticates; or pass "
         "--allow-unauthenticated (server.allow_unauthenticated = true) to accept the risk";
}

std::optional<std::string> startup_warning(const config::Config& c) {
  if (!exposure(c).exposed() || !c.server.allow_unauthenticated) return std::nullopt;
  return "--allow-unauthenticated: " + describe(c) +
         "; anyone who reaches /media can open AI sessions at your cost";
}

}  // namespace voxgate::app
