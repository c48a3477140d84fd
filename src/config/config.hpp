#pragma once
// voxgate's whole configuration, after file, environment and command line
// have been applied and validated (see config_loader.hpp). Plain data.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "call/session_config.hpp"
#include "config/tool_config.hpp"

namespace voxgate::config {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::string public_host;  // host[:port] Twilio reaches; empty => request Host
  int threads = 0;          // 0 => one per core
  uint32_t max_calls = 5000;
  // malloc_trim(0) at most this often while calls run, and once when the last
  // ends (server/memory_trimmer.hpp; issue 8 item 4); 0 = never.
  int memory_trim_ms = 60000;
  bool validate_twilio_signature = false;
  std::string twilio_auth_token;  // secret: never logged
  // Per-call stream token checked on /media (issue 6 item 7).
  bool stream_token = false;
  std::string stream_token_secret;  // secret; empty => derived from the auth token
  int stream_token_ttl_ms = 60000;  // time from the webhook answer to the stream start
  // As configured; unset => on iff a Twilio auth token is set. finish()
  // resolves them into validate_twilio_signature / stream_token.
  std::optional<bool> validate_twilio_signature_setting;
  std::optional<bool> stream_token_setting;
  // Connection limits (issue 6 item 7); 0 = no limit.
  uint32_t max_connections = 10000;       // open at once, else 503
  uint32_t max_handshakes_per_ip = 256;   // in flight per client IP, else 429
  uint32_t handshake_rate_per_ip = 200;   // new connections per second per IP, else 429
  uint32_t handshake_burst_per_ip = 400;  // token bucket size
};

struct AiConfig {
  std::string agent = "auto";  // auto | local | openai | echo | url
  std::string url = "wss://api.openai.com/v1/realtime";
  std::string model = "gpt-realtime";
  std::string api_key;         // secret: never logged
  std::string dialect = "ga";  // ga | beta
  std::string voice = "alloy";
  std::string instructions = "You are a friendly, concise phone assistant. Keep answers short.";
  std::string transcription_model = "whisper-1";
  std::string ca_file;
  int connect_timeout_ms = 5000;
};

struct LogConfig {
  std::string format = "text";  // text | json
  std::string level = "info";
};

struct StoreConfig {
  std::string db = "voxgate.db";  // SQLite path; empty disables records
  std::string recordings_dir;     // empty disables recordings
};

struct ApiConfig {
  std::string token;  // bearer token for /api; empty disables the API
};

struct ClipsConfig {
  std::string holding;   // WAV; empty => the shipped assets/clips/holding.wav
  std::string fallback;  // WAV; empty => the shipped assets/clips/fallback.wav
};

struct AgentConfig {
  std::string file;  // local agent TOML; empty => the shipped examples/agents/dental.toml
  int workers = 2;   // ASR/TTS worker threads
};

struct Config {
  ServerConfig server;
  AiConfig ai;
  LogConfig log;
  StoreConfig store;
  ApiConfig api;
  ClipsConfig clips;
  AgentConfig agent;
  call::SessionConfig call;  // BEHAVIOUR.md timings and bounds
  ToolsConfig tools;         // issue 9: webhook tools, transfer allow-list
  // The greeting the AI speaks first (empty = none); call.greeting mirrors it.
  std::string greeting = "Greet the caller warmly and briefly, and ask how you can help.";
};

}  // namespace voxgate::config
