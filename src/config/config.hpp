#pragma once
// voxgate's whole configuration, after file, environment and command line
// have been applied and validated (see config_loader.hpp). Plain data.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

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
  // ends (server/memory_trimmer.hpp; bench/README.md "Soak"); 0 = never.
  int memory_trim_ms = 60000;
  bool validate_twilio_signature = false;
  std::string twilio_auth_token;  // secret: never logged
  // The other carriers' webhook checks on /answer/<carrier> (docs/carriers.md);
  // each empty: that carrier's check is off. Any set turns the stream token on
  // unless server.stream_token says otherwise.
  std::string telnyx_public_key;        // base64 Ed25519 public key (Mission Control)
  std::string vonage_signature_secret;  // secret: never logged
  std::string plivo_auth_token;         // secret: never logged
  std::string signalwire_signing_key;   // secret: never logged
  // Per-call stream token checked on /media (README Security).
  bool stream_token = false;
  std::string stream_token_secret;  // secret; empty => derived from the auth token
  int stream_token_ttl_ms = 60000;  // time from the webhook answer to the stream start
  // As configured; unset => on iff a Twilio auth token is set. finish()
  // resolves them into validate_twilio_signature / stream_token.
  std::optional<bool> validate_twilio_signature_setting;
  std::optional<bool> stream_token_setting;
  // Connection limits (README Security); 0 = no limit.
  // This instance's name in the shared live state (cluster.redis_url); empty
  // => host name + pid, chosen at start (app).
  std::string instance_id;
  uint32_t max_connections = 10000;       // open at once, else 503
  uint32_t max_handshakes_per_ip = 256;   // in flight per client IP, else 429
  uint32_t handshake_rate_per_ip = 200;   // new connections per second per IP, else 429
  uint32_t handshake_burst_per_ip = 400;  // token bucket size
  // BEHAVIOUR 0: a media stream without an admitted start this long after it
  // opened is closed (1008); one client address holds at most this many
  // unadmitted media streams (admitted calls count against max_calls).
  int start_deadline_ms = 5000;
  uint32_t max_unadmitted_per_ip = 64;
  // BEHAVIOUR 0: a public bind with a paid AI leg and no caller
  // authentication is refused at start-up unless this is set.
  bool allow_unauthenticated = false;
  // GET /metrics on its own listener, "host:port" (e.g. "127.0.0.1:9464");
  // empty = on the main listener. The main listener then answers 404.
  std::string metrics_listen;
  std::string metrics_token;  // bearer token for /metrics (empty = none); secret
};

struct AiConfig {
  std::string agent = "auto";  // auto | local | openai | echo | url
  std::string url = "wss://api.openai.com/v1/realtime";
  std::string model = "gpt-realtime";
  std::string api_key;         // secret: never logged
  std::string dialect = "ga";  // ga | beta
  // auto: each call carries the cheapest format both legs take
  // (audio/format.hpp); pcmu: every call carries 8 kHz mu-law.
  std::string audio = "auto";
  std::string voice = "alloy";
  std::string instructions = "You are a friendly, concise phone assistant. Keep answers short.";
  std::string transcription_model = "whisper-1";
  std::string ca_file;
  int connect_timeout_ms = 5000;
  // BEHAVIOUR 5 liveness: ping the AI leg after this much quiet, fail it when
  // no frame answers within pong_timeout_ms ("no pong for 5 s"). While a
  // response is owed the 3 s response watchdog is the tighter bound.
  int ping_after_ms = 500;
  int pong_timeout_ms = 5000;
  // The AI protocol (ai_protocol.hpp): auto | realtime | live. finish()
  // resolves auto to realtime or live (live when ai.url's path ends in
  // /live/sessions), and gives live the GPT-Live URL and model when ai.url
  // and ai.model are still the Realtime defaults.
  std::string protocol = "auto";
  // How the API key is sent: bearer (Authorization: Bearer; OpenAI, Azure
  // with an Entra token) | api-key (Azure resource keys). GPT-Live only.
  std::string auth = "bearer";
  // GPT-Live: the Responses backend model that runs voxgate's functions
  // (PROTOCOLS-LIVE 4, 6); transcript fragments further apart than the gap
  // are two turns (PROTOCOLS-LIVE 5.5); how long close() waits for
  // session.closed (PROTOCOLS-LIVE 8).
  std::string live_backend_model = "gpt-5-mini";
  int live_turn_gap_ms = 800;
  int live_close_wait_ms = 5000;
};

struct LogConfig {
  std::string format = "text";  // text | json
  std::string level = "info";
};

struct StoreConfig {
  std::string db = "voxgate.db";  // SQLite path; empty disables records
  // PostgreSQL (postgresql:// or postgres://) for more than one machine
  // (ARCHITECTURE.md "Scale"); empty keeps SQLite at `db`. May hold a
  // password: a secret.
  std::string url;
  std::string spool;           // records kept while PostgreSQL is down; empty = beside `db`
  std::string recordings_dir;  // empty disables recordings
};

// Live state shared across instances (ARCHITECTURE.md "Scale",
// docs/scaling.md): the live-call registry, cross-instance control, the
// transfer book and the stream-token replay set.
struct ClusterConfig {
  // redis://[:password@]host[:port][/db]; empty keeps that state in this
  // process (one instance). May hold a password: a secret.
  std::string redis_url;
  // The stream-token replay check while Redis cannot answer: "refuse" the
  // stream (a token could otherwise be replayed on another instance) or
  // "allow" it (the MAC and expiry still checked; calls keep arriving).
  std::string replay_check_when_down = "refuse";
  // How long an instance waits for the instance holding a call to answer a
  // forwarded hangup/say/transfer before answering 503.
  int control_timeout_ms = 2000;
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
  // ASR/TTS worker threads; one per core, as synthesis and recognition run
  // in parallel (one flite voice instance and one decoder per worker).
  int workers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
};

struct Config {
  ServerConfig server;
  AiConfig ai;
  LogConfig log;
  StoreConfig store;
  ClusterConfig cluster;
  ApiConfig api;
  ClipsConfig clips;
  AgentConfig agent;
  call::SessionConfig call;  // BEHAVIOUR.md timings and bounds
  ToolsConfig tools;         // docs/tools.md: webhook tools, transfer allow-list
  // The greeting the AI speaks first (empty = none); call.greeting mirrors it.
  std::string greeting = "Greet the caller warmly and briefly, and ask how you can help.";
};

}  // namespace voxgate::config
