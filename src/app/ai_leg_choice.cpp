// VoxgateApp: the AI leg the config selects, the one place in app/ that names
// an AI protocol (ARCHITECTURE.md "The one idea"). ai.protocol picks the
// OpenAI Realtime protocol (OpenAI, a compatible URL, the in-process local
// agent) or GPT-Live (live/: OpenAI or Azure, or a URL).
#include "app/voxgate_app.hpp"
#include "live/live_leg.hpp"
#include "realtime/realtime_leg.hpp"

namespace voxgate::app {
namespace {

std::vector<ai::ToolDef> all_tools(std::vector<ai::ToolDef> tools) {
  // BEHAVIOUR 4: the AI can end the call.
  std::vector<ai::ToolDef> out{{"end_call", "Hang up the phone call, after saying goodbye.",
                                R"({"type":"object","properties":{}})"}};
  for (auto& t : tools) out.push_back(std::move(t));
  return out;
}

realtime::SessionConfig ai_session(const config::Config& c, std::vector<ai::ToolDef> tools) {
  realtime::SessionConfig s;
  s.model = c.ai.model;
  s.instructions = c.ai.instructions;
  s.voice = c.ai.voice;
  if (c.ai.transcription_model.empty()) {
    s.transcription_model.reset();
  } else {
    s.transcription_model = c.ai.transcription_model;
  }
  s.tools = all_tools(std::move(tools));
  return s;
}

realtime::AiClientOptions client_options(const config::Config& c, AgentMode mode) {
  realtime::AiClientOptions ai;
  ai.url = c.ai.url;
  ai.model = c.ai.model;
  ai.dialect = c.ai.dialect == "beta" ? realtime::Dialect::kBeta : realtime::Dialect::kGA;
  ai.ca_file = c.ai.ca_file;
  ai.connect_timeout = std::chrono::milliseconds(c.ai.connect_timeout_ms);
  ai.handshake_timeout = ai.connect_timeout;
  ai.idle_timeout = std::chrono::milliseconds(2 * c.ai.ping_after_ms);
  ai.pong_timeout = std::chrono::milliseconds(c.ai.pong_timeout_ms);
  if (mode == AgentMode::kOpenAi || mode == AgentMode::kUrl) ai.api_key = c.ai.api_key;
  return ai;
}

// PROTOCOLS-LIVE 4: the call's format passes through both ways (each call's
// session.start names it; mu-law unless the call carries another); voxgate's
// functions go to the Responses backend (no backend model: client
// delegation, and no tools).
live::StartConfig live_session(const config::Config& c, std::vector<ai::ToolDef> tools) {
  live::StartConfig s;
  s.model = c.ai.model;
  s.instructions = c.ai.instructions;
  s.voice = c.ai.voice;
  s.format = {"audio/pcmu", 8000};
  if (!c.ai.live_backend_model.empty()) {
    s.delegation =
        live::ResponsesDelegation{c.ai.live_backend_model, {}, all_tools(std::move(tools))};
  }
  return s;
}

live::LiveOptions live_options(const config::Config& c) {
  live::LiveOptions o;
  o.url = c.ai.url;
  o.api_key = c.ai.api_key;
  o.auth = c.ai.auth == "api-key" ? live::AuthHeader::kApiKey : live::AuthHeader::kBearer;
  o.user_agent = "voxgate/0.1 C++20";
  o.ca_file = c.ai.ca_file;
  o.connect_timeout = std::chrono::milliseconds(c.ai.connect_timeout_ms);
  o.handshake_timeout = o.connect_timeout;
  o.idle_timeout = std::chrono::milliseconds(2 * c.ai.ping_after_ms);
  o.pong_timeout = std::chrono::milliseconds(c.ai.pong_timeout_ms);
  o.turn_gap = common::Millis(c.ai.live_turn_gap_ms);
  o.close_wait = common::Millis(c.ai.live_close_wait_ms);
  return o;
}

// The formats the AI leg is offered (audio/format.hpp picks each call's):
// with ai.audio = "pcmu" mu-law alone; else what the protocol takes, but
// mu-law alone for the local agent's Realtime server, which speaks nothing
// else (agent/session_update_check.cpp).
std::vector<audio::Format> ai_formats(const config::Config& c, bool local) {
  if (c.ai.audio == "pcmu") return {audio::kPhoneMulaw};
  if (c.ai.protocol == "live") return {live::kLiveFormats.begin(), live::kLiveFormats.end()};
  if (local) return {audio::kPhoneMulaw};
  return {audio::kPhoneMulaw, realtime::SessionConfig::kPcm};
}

}  // namespace

common::Result<bool, std::string> VoxgateApp::prepare_ai_leg() {
  auto ai = client_options(config_, mode_);
  if (mode_ == AgentMode::kLocal) {
    agent::AgentServerOptions o;
    o.agent_file = asset(config_.agent.file, "examples/agents/dental.toml");
    o.workers = config_.agent.workers;
    o.default_dialect = ai.dialect;
    auto local = agent::LocalAgentServer::start(pool_->main(), o);
    if (!local) return common::unexpected("local agent: " + local.error());
    local_agent_ = std::move(local).value();
  }
  ai_formats_ = ai_formats(config_, local_agent_ != nullptr);
  if (config_.ai.protocol == "live") {
    auto opts = live_options(config_);
    if (local_agent_) {
      opts.url = "ws://127.0.0.1:" + std::to_string(local_agent_->port()) + "/v1/live/sessions";
    }
    // BEHAVIOUR 3: GPT-Live takes turns itself (model-managed).
    runner_config_.session.turn_model = ai::AiTurnModel::kModelManaged;
    dial_ai_ = live::LiveLeg::dialer(std::move(opts), live_session(config_, tools_->definitions()));
    return true;
  }
  if (local_agent_) {
    ai.url = "ws://127.0.0.1:" + std::to_string(local_agent_->port()) + "/v1/realtime";
    ai.model.clear();
  }
  dial_ai_ =
      realtime::RealtimeLeg::dialer(std::move(ai), ai_session(config_, tools_->definitions()));
  return true;
}

}  // namespace voxgate::app
