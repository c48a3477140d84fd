// `voxgate local-agent`: the offline agent alone, as a Realtime-compatible
// server any Realtime client can use, and a GPT-Live one on /v1/live/sessions.

#include <memory>

#include "agent/agent_server.hpp"
#include "agent/local_agent_command.hpp"
#include "app/commands.hpp"

namespace voxgate::app {

Command add_local_agent_command(CLI::App& app) {
  struct Args {
    std::string listen = "127.0.0.1:9100";
    std::string agent_file = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";
    int workers = agent::AgentServerOptions::default_workers();
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "local-agent",
      "Run the offline local agent (VAD, ASR, dialogue, TTS) as a Realtime-compatible "
      "WebSocket server (any path; GPT-Live on a path ending in /live/sessions)");
  cmd->add_option("--listen", a->listen, "HOST:PORT to listen on")->capture_default_str();
  cmd->add_option("--agent-file", a->agent_file, "Agent TOML (greeting, states, intents)")
      ->check(CLI::ExistingFile)
      ->capture_default_str();
  cmd->add_option("--workers", a->workers, "ASR/TTS worker threads (default: one per core)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  return [cmd, a]() -> int {
    if (!cmd->parsed()) return -1;
    return agent::run_local_agent(a->listen, a->agent_file, a->workers);
  };
}

}  // namespace voxgate::app
