#include "config/cli_flags.hpp"

namespace voxgate::config {
namespace {

std::vector<Shortcut> build() {
  return {
      {"--host", "server.host", "server.host: address to bind (default 127.0.0.1)"},
      {"--port", "server.port", "server.port (default 8080; 0 = any free port)"},
      {"--public-host", "server.public_host", "server.public_host for the TwiML stream URL"},
      {"--agent", "ai.agent", "ai.agent: auto | local | openai | echo | url"},
      {"--ai-url", "ai.url",
       "ai.url: a ws:// or wss:// Realtime endpoint (implies --agent url unless given)"},
      {"--agent-file", "agent.file", "agent.file: the local agent's TOML"},
      {"--db", "store.db",
       "store.db: SQLite file for call records (--set store.db= turns records off)"},
      {"--recordings", "store.recordings_dir", "store.recordings_dir: per-call stereo WAVs"},
      {"--log-format", "log.format", "log.format: text | json"},
      {"--log-level", "log.level", "log.level: trace | debug | info | warn | error"},
      {"--metrics-listen", "server.metrics_listen",
       "server.metrics_listen: serve GET /metrics only on this address:port (e.g. "
       "127.0.0.1:9464); the main listener then answers 404 there. Bearer token: "
       "VOXGATE_SERVER_METRICS_TOKEN"},
      {"--allow-unauthenticated", "server.allow_unauthenticated",
       "server.allow_unauthenticated: start even when a public --host, a paid AI leg "
       "(OpenAI, or a non-loopback --ai-url) and no TWILIO_AUTH_TOKEN would let anyone "
       "open AI sessions at your cost (refused otherwise)",
       true},
  };
}

}  // namespace

const std::vector<Shortcut>& shortcuts() {
  static const std::vector<Shortcut> kShortcuts = build();
  return kShortcuts;
}

void add_flags(CLI::App& cmd, Sources& s) {
  cmd.add_option("-c,--config", s.file, "TOML configuration file (see examples/voxgate.toml)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--set", s.sets, "Override any key: --set call.mark_interval_ms=200 (repeatable)");
  for (const auto& sc : shortcuts()) {
    auto* flags = &s.flags;
    const std::string flag = sc.flag;
    if (sc.is_switch) {
      cmd.add_flag_callback(
          flag, [flags, flag] { (*flags)[flag] = "true"; }, sc.help);
    } else {
      cmd.add_option_function<std::string>(
          flag, [flags, flag](const std::string& v) { (*flags)[flag] = v; }, sc.help);
    }
  }
}

common::Result<Config, ConfigError> load(const Sources& s, const Env& env) {
  using common::unexpected;
  ConfigLoader loader;
  if (!s.file.empty()) {
    if (auto r = loader.apply_file(s.file); !r) return unexpected(r.error());
  }
  if (auto r = loader.apply_env(env); !r) return unexpected(r.error());
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const auto& sc : shortcuts()) {
    if (auto it = s.flags.find(sc.flag); it != s.flags.end()) {
      overrides.emplace_back(sc.key, it->second);
    }
  }
  if (s.flags.contains("--ai-url") && !s.flags.contains("--agent")) {
    overrides.emplace_back("ai.agent", "url");
  }
  for (const auto& set : s.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos) {
      return unexpected(ConfigError{"--set '" + set + "': expected section.key=value"});
    }
    overrides.emplace_back(set.substr(0, eq), set.substr(eq + 1));
  }
  for (const auto& [k, v] : overrides) {
    if (auto r = loader.apply_setting(k, v); !r) return unexpected(r.error());
  }
  return loader.finish();
}

}  // namespace voxgate::config
