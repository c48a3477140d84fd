#include "app/config_options.hpp"

#include "config/config_loader.hpp"
#include "obs/log.hpp"

namespace voxgate::app {

void add_config_options(CLI::App& cmd, ConfigArgs& a) {
  cmd.add_option("-c,--config", a.file, "TOML configuration file (see examples/voxgate.toml)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--set", a.sets, "Override any key: --set call.mark_interval_ms=200 (repeatable)");
  cmd.add_option("--host", a.host, "server.host: address to bind (default 127.0.0.1)");
  cmd.add_option("--port", a.port, "server.port (default 8080; 0 = any free port)");
  cmd.add_option("--public-host", a.public_host, "server.public_host for the TwiML stream URL");
  cmd.add_option("--agent", a.agent, "ai.agent: auto | local | openai | echo | url");
  cmd.add_option("--ai-url", a.ai_url,
                 "ai.url: a ws:// or wss:// Realtime endpoint (implies --agent url unless given)");
  cmd.add_option("--agent-file", a.agent_file, "agent.file: the local agent's TOML");
  cmd.add_option("--db", a.db,
                 "store.db: SQLite file for call records (--set store.db= turns records off)");
  cmd.add_option("--recordings", a.recordings, "store.recordings_dir: per-call stereo WAVs");
  cmd.add_option("--log-format", a.log_format, "log.format: text | json");
  cmd.add_option("--log-level", a.log_level, "log.level: trace | debug | info | warn | error");
}

common::Result<config::Config, std::string> load_config(const ConfigArgs& a) {
  config::ConfigLoader loader;
  auto fail = [](const config::ConfigError& e) { return common::unexpected(e.message); };
  if (!a.file.empty()) {
    if (auto r = loader.apply_file(a.file); !r) return fail(r.error());
  }
  if (auto r = loader.apply_env(config::process_env()); !r) return fail(r.error());
  std::vector<std::pair<std::string, std::string>> overrides;
  const std::pair<const char*, const std::string*> shortcuts[] = {
      {"server.host", &a.host},      {"ai.agent", &a.agent},
      {"store.db", &a.db},           {"log.format", &a.log_format},
      {"log.level", &a.log_level},   {"store.recordings_dir", &a.recordings},
      {"agent.file", &a.agent_file}, {"server.public_host", &a.public_host}};
  for (const auto& [key, value] : shortcuts) {
    if (!value->empty()) overrides.emplace_back(key, *value);
  }
  if (a.port >= 0) overrides.emplace_back("server.port", std::to_string(a.port));
  if (!a.ai_url.empty() && a.agent.empty()) overrides.emplace_back("ai.agent", "url");
  for (const auto& s : a.sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos) {
      return common::unexpected("--set '" + s + "': expected section.key=value");
    }
    overrides.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  for (const auto& [k, v] : overrides) {
    if (auto r = loader.apply_override(k, v); !r) return fail(r.error());
  }
  auto c = loader.finish();
  if (!c) return fail(c.error());
  return std::move(c).value();
}

bool apply_logging(const config::Config& c) {
  return obs::setup_logging(c.log.format == "json" ? obs::LogFormat::kJson : obs::LogFormat::kText,
                            c.log.level);
}

}  // namespace voxgate::app
