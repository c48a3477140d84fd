#include "config/config_fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/host_port.hpp"

namespace voxgate::config {
namespace {

using Setter = std::function<std::optional<std::string>(Config&, const std::string&)>;

// Field setters by type. Each returns what is accepted when the value is not.
template <typename Member>
Setter int_field(Member member, int64_t lo, int64_t hi) {
  return [member, lo, hi](Config& c, const std::string& v) -> std::optional<std::string> {
    int64_t n = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
      return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    }
    member(c) = static_cast<std::remove_reference_t<decltype(member(c))>>(n);
    return std::nullopt;
  };
}

template <typename Member>
Setter string_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    member(c) = v;
    return std::nullopt;
  };
}

template <typename Member>
Setter choice_field(Member member, std::vector<std::string> choices) {
  return [member, choices](Config& c, const std::string& v) -> std::optional<std::string> {
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
      std::string list;
      for (const auto& ch : choices) list += (list.empty() ? "" : " | ") + ch;
      return "one of: " + list;
    }
    member(c) = v;
    return std::nullopt;
  };
}

template <typename Member>
Setter bool_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    if (v == "true" || v == "1" || v == "yes") {
      member(c) = true;
    } else if (v == "false" || v == "0" || v == "no") {
      member(c) = false;
    } else {
      return "true or false";
    }
    return std::nullopt;
  };
}

// Durations are written in milliseconds.
template <typename Member>
Setter ms_field(Member member, int64_t lo, int64_t hi) {
  return [member, lo, hi](Config& c, const std::string& v) -> std::optional<std::string> {
    int64_t n = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
      return "milliseconds from " + std::to_string(lo) + " to " + std::to_string(hi);
    }
    member(c) = common::Millis(n);
    return std::nullopt;
  };
}

// true / false, or "auto" (or empty) for the default.
template <typename Member>
Setter auto_bool_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    if (v == "auto" || v.empty()) {
      member(c).reset();
      return std::nullopt;
    }
    if (v == "true" || v == "1" || v == "yes") {
      member(c) = true;
    } else if (v == "false" || v == "0" || v == "no") {
      member(c) = false;
    } else {
      return "true, false or auto";
    }
    return std::nullopt;
  };
}

// Empty (SQLite), or a URL the PostgreSQL store takes. The refusal does not
// echo the value: a URL may hold a password.
template <typename Member>
Setter postgres_url_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    if (!v.empty() && !v.starts_with("postgresql://") && !v.starts_with("postgres://")) {
      return "a postgresql:// or postgres:// URL, or empty for SQLite at store.db";
    }
    member(c) = v;
    return std::nullopt;
  };
}

template <typename Member>
Setter redis_url_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    if (!v.empty() && !v.starts_with("redis://")) {
      return "a redis:// URL, or empty for this process only";
    }
    member(c) = v;
    return std::nullopt;
  };
}

// An optional text: empty means none.
template <typename Member>
Setter optional_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    member(c) = v.empty() ? std::nullopt : std::optional<std::string>(v);
    return std::nullopt;
  };
}

#define VOX_M(path)         \
  [](Config & c) -> auto& { \
    return c.path;          \
  }
#define VOX_GET(path) [](const Config& c) { return to_text(c.path); }

std::string to_text(const std::string& s) {
  return s;
}
std::string to_text(common::Millis m) {
  return std::to_string(m.count());
}
std::string to_text(const std::optional<std::string>& s) {
  return s.value_or("");
}
std::string to_text(bool b) {
  return b ? "true" : "false";
}
std::string to_text(const std::optional<bool>& b) {
  return b ? to_text(*b) : "auto";
}
template <typename T>
std::string to_text(T n) {
  return std::to_string(n);
}

// A comma-separated list of transfer targets (TOML arrays arrive joined).
Setter transfer_list_field() {
  return [](Config& c, const std::string& v) -> std::optional<std::string> {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= v.size() && !v.empty()) {
      const auto comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!valid_transfer_target(item)) return "phone numbers (+ and digits) or sip:user@host";
      out.push_back(std::move(item));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    c.tools.transfer_allow = std::move(out);
    return std::nullopt;
  };
}

// "host:port", or empty for none.
template <typename Member>
Setter listen_field(Member member) {
  return [member](Config& c, const std::string& v) -> std::optional<std::string> {
    if (!v.empty() && !parse_host_port(v))
      return "address:port, an IPv6 address in brackets (empty = off)";
    member(c) = v;
    return std::nullopt;
  };
}

std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<Field> build() {
  std::vector<Field> out = {
      {"server.host", "address to bind (loopback by default)", string_field(VOX_M(server.host)),
       false, VOX_GET(server.host)},
      {"server.port", "HTTP/WebSocket port", int_field(VOX_M(server.port), 0, 65535), false,
       VOX_GET(server.port)},
      {"server.public_host", "host[:port] Twilio reaches, for the TwiML stream URL",
       string_field(VOX_M(server.public_host)), false, VOX_GET(server.public_host)},
      {"server.threads",
       "I/O threads, each with its own event loop and share of the calls (0 = one per core)",
       int_field(VOX_M(server.threads), 0, 256), false, VOX_GET(server.threads)},
      {"server.max_calls", "concurrent calls accepted before refusing",
       int_field(VOX_M(server.max_calls), 1, 1000000), false, VOX_GET(server.max_calls)},
      {"server.start_deadline_ms", "media stream closed (1008) without an admitted start this long",
       int_field(VOX_M(server.start_deadline_ms), 100, 600000), false,
       VOX_GET(server.start_deadline_ms)},
      {"server.max_unadmitted_per_ip", "unadmitted media streams one client address may hold",
       int_field(VOX_M(server.max_unadmitted_per_ip), 1, 1000000), false,
       VOX_GET(server.max_unadmitted_per_ip)},
      {"server.memory_trim_ms",
       "give freed memory back to the OS at most this often while calls run, and when the "
       "last ends (0 = never)",
       int_field(VOX_M(server.memory_trim_ms), 0, 86400000), false, VOX_GET(server.memory_trim_ms)},
      {"server.validate_twilio_signature",
       "check X-Twilio-Signature on /twiml (auto = on iff an auth token is set)",
       auto_bool_field(VOX_M(server.validate_twilio_signature_setting)), false,
       VOX_GET(server.validate_twilio_signature_setting)},
      {"server.stream_token",
       "require the per-call stream token on /media (auto = on iff an auth token is set)",
       auto_bool_field(VOX_M(server.stream_token_setting)), false,
       VOX_GET(server.stream_token_setting)},
      {"server.stream_token_secret",
       "stream token HMAC key (or VOXGATE_STREAM_TOKEN_SECRET; empty = from the auth token)",
       string_field(VOX_M(server.stream_token_secret)), true, VOX_GET(server.stream_token_secret)},
      {"server.instance_id",
       "this instance's name in the shared live state (empty = host name + pid)",
       string_field(VOX_M(server.instance_id)), false, VOX_GET(server.instance_id)},
      {"server.max_connections", "open connections before new ones get 503 (0 = no cap)",
       int_field(VOX_M(server.max_connections), 0, 10000000), false,
       VOX_GET(server.max_connections)},
      {"server.max_handshakes_per_ip", "handshakes in flight per client IP before 429 (0 = no cap)",
       int_field(VOX_M(server.max_handshakes_per_ip), 0, 1000000), false,
       VOX_GET(server.max_handshakes_per_ip)},
      {"server.handshake_rate_per_ip", "new connections per second per client IP (0 = no limit)",
       int_field(VOX_M(server.handshake_rate_per_ip), 0, 1000000), false,
       VOX_GET(server.handshake_rate_per_ip)},
      {"server.handshake_burst_per_ip", "burst of new connections per client IP",
       int_field(VOX_M(server.handshake_burst_per_ip), 1, 1000000), false,
       VOX_GET(server.handshake_burst_per_ip)},
      {"server.stream_token_ttl_ms", "how long a stream token is good for",
       int_field(VOX_M(server.stream_token_ttl_ms), 1000, 3600000), false,
       VOX_GET(server.stream_token_ttl_ms)},
      {"server.twilio_auth_token", "Twilio auth token (or TWILIO_AUTH_TOKEN)",
       string_field(VOX_M(server.twilio_auth_token)), true, VOX_GET(server.twilio_auth_token)},
      {"server.telnyx_public_key",
       "Telnyx webhook public key, base64 (or TELNYX_PUBLIC_KEY): checks "
       "telnyx-signature-ed25519 on /answer/telnyx",
       string_field(VOX_M(server.telnyx_public_key)), false, VOX_GET(server.telnyx_public_key)},
      {"server.vonage_signature_secret",
       "Vonage signature secret (or VONAGE_SIGNATURE_SECRET): checks the signed-webhook JWT "
       "on /answer/vonage",
       string_field(VOX_M(server.vonage_signature_secret)), true,
       VOX_GET(server.vonage_signature_secret)},
      {"server.plivo_auth_token",
       "Plivo auth token (or PLIVO_AUTH_TOKEN): checks X-Plivo-Signature-V3 on /answer/plivo",
       string_field(VOX_M(server.plivo_auth_token)), true, VOX_GET(server.plivo_auth_token)},
      {"server.signalwire_signing_key",
       "SignalWire signing key (or SIGNALWIRE_SIGNING_KEY): checks X-SignalWire-Signature on "
       "/answer/signalwire, /twiml and /twiml/after",
       string_field(VOX_M(server.signalwire_signing_key)), true,
       VOX_GET(server.signalwire_signing_key)},
      // Start-up safety and where /metrics is served (README "Security").
      {"server.allow_unauthenticated",
       "start even on a public address with a paid AI leg and no caller authentication",
       bool_field(VOX_M(server.allow_unauthenticated)), false,
       VOX_GET(server.allow_unauthenticated)},
      {"server.metrics_listen", "serve GET /metrics only on this host:port (empty = main listener)",
       listen_field(VOX_M(server.metrics_listen)), false, VOX_GET(server.metrics_listen)},
      {"server.metrics_token", "bearer token GET /metrics requires (empty = none)",
       string_field(VOX_M(server.metrics_token)), true, VOX_GET(server.metrics_token)},
      {"ai.agent", "AI leg: auto (local unless a key is set), local, openai, echo, url",
       choice_field(VOX_M(ai.agent), {"auto", "local", "openai", "echo", "url"}), false,
       VOX_GET(ai.agent)},
      {"ai.url", "Realtime WebSocket URL (ws:// or wss://)", string_field(VOX_M(ai.url)), false,
       VOX_GET(ai.url)},
      {"ai.model", "Realtime model name", string_field(VOX_M(ai.model)), false, VOX_GET(ai.model)},
      {"ai.api_key", "API key (or OPENAI_API_KEY)", string_field(VOX_M(ai.api_key)), true,
       VOX_GET(ai.api_key)},
      {"ai.dialect", "Realtime dialect", choice_field(VOX_M(ai.dialect), {"ga", "beta"}), false,
       VOX_GET(ai.dialect)},
      {"ai.audio", "audio between carrier and AI: auto (cheapest path) or pcmu (always mu-law)",
       choice_field(VOX_M(ai.audio), {"auto", "pcmu"}), false, VOX_GET(ai.audio)},
      {"ai.voice", "AI voice", string_field(VOX_M(ai.voice)), false, VOX_GET(ai.voice)},
      {"ai.instructions", "system instructions for the AI", string_field(VOX_M(ai.instructions)),
       false, VOX_GET(ai.instructions)},
      {"ai.transcription_model", "input transcription model (empty = off)",
       string_field(VOX_M(ai.transcription_model)), false, VOX_GET(ai.transcription_model)},
      {"ai.ca_file", "custom CA file for wss:// (empty = system store)",
       string_field(VOX_M(ai.ca_file)), false, VOX_GET(ai.ca_file)},
      {"ai.connect_timeout_ms", "AI-leg connect+handshake timeout",
       int_field(VOX_M(ai.connect_timeout_ms), 100, 120000), false, VOX_GET(ai.connect_timeout_ms)},
      {"ai.ping_after_ms", "ping the AI leg after this much quiet (liveness)",
       int_field(VOX_M(ai.ping_after_ms), 100, 60000), false, VOX_GET(ai.ping_after_ms)},
      {"ai.pong_timeout_ms", "no frame this long after a ping = AI-leg failure",
       int_field(VOX_M(ai.pong_timeout_ms), 100, 60000), false, VOX_GET(ai.pong_timeout_ms)},
      {"ai.protocol", "AI protocol: auto (live if ai.url ends in /live/sessions), realtime, live",
       choice_field(VOX_M(ai.protocol), {"auto", "realtime", "live"}), false, VOX_GET(ai.protocol)},
      {"ai.auth", "API key header: bearer (Authorization) or api-key (Azure); GPT-Live",
       choice_field(VOX_M(ai.auth), {"bearer", "api-key"}), false, VOX_GET(ai.auth)},
      {"ai.live_backend_model", "GPT-Live: Responses model that runs voxgate's tools",
       string_field(VOX_M(ai.live_backend_model)), false, VOX_GET(ai.live_backend_model)},
      {"ai.live_turn_gap_ms", "GPT-Live: transcript gap that ends a turn",
       int_field(VOX_M(ai.live_turn_gap_ms), 100, 10000), false, VOX_GET(ai.live_turn_gap_ms)},
      {"ai.live_close_wait_ms", "GPT-Live: wait for session.closed before closing the socket",
       int_field(VOX_M(ai.live_close_wait_ms), 0, 60000), false, VOX_GET(ai.live_close_wait_ms)},
      {"log.format", "log output", choice_field(VOX_M(log.format), {"text", "json"}), false,
       VOX_GET(log.format)},
      {"log.level", "log level",
       choice_field(VOX_M(log.level), {"trace", "debug", "info", "warn", "error", "off"}), false,
       VOX_GET(log.level)},
      {"store.db", "SQLite file for call records (empty = off)", string_field(VOX_M(store.db)),
       false, VOX_GET(store.db)},
      {"store.url",
       "PostgreSQL URL for call records, postgresql://user:password@host:port/db (empty = "
       "SQLite at store.db)",
       postgres_url_field(VOX_M(store.url)), true, VOX_GET(store.url)},
      {"store.spool",
       "file keeping call records while PostgreSQL is unreachable (empty = voxgate-spool.jsonl "
       "beside store.db)",
       string_field(VOX_M(store.spool)), false, VOX_GET(store.spool)},
      {"store.recordings_dir", "directory for per-call WAV recordings (empty = off)",
       string_field(VOX_M(store.recordings_dir)), false, VOX_GET(store.recordings_dir)},
      {"cluster.redis_url",
       "Redis URL for live state shared across instances, redis://:password@host:port/db "
       "(or VOXGATE_CLUSTER_REDIS_URL; empty = this process only)",
       redis_url_field(VOX_M(cluster.redis_url)), true, VOX_GET(cluster.redis_url)},
      {"cluster.replay_check_when_down",
       "stream-token replay check while Redis is down: refuse the stream, or allow it",
       choice_field(VOX_M(cluster.replay_check_when_down), {"refuse", "allow"}), false,
       VOX_GET(cluster.replay_check_when_down)},
      {"cluster.control_timeout_ms",
       "how long a forwarded hangup/say/transfer waits for the instance holding the call (ms)",
       int_field(VOX_M(cluster.control_timeout_ms), 100, 60000), false,
       VOX_GET(cluster.control_timeout_ms)},
      {"api.token", "bearer token for /api (or VOXGATE_API_TOKEN; empty = API off)",
       string_field(VOX_M(api.token)), true, VOX_GET(api.token)},
      {"clips.holding", "WAV played while the AI leg reconnects (empty = shipped clip)",
       string_field(VOX_M(clips.holding)), false, VOX_GET(clips.holding)},
      {"clips.fallback", "WAV played when the AI leg is gone (empty = shipped clip)",
       string_field(VOX_M(clips.fallback)), false, VOX_GET(clips.fallback)},
      {"agent.file", "local agent file (empty = examples/agents/dental.toml)",
       string_field(VOX_M(agent.file)), false, VOX_GET(agent.file)},
      {"agent.workers", "local agent ASR/TTS worker threads",
       int_field(VOX_M(agent.workers), 1, 64), false, VOX_GET(agent.workers)},
      {"call.greeting", "instructions for the AI's first words (empty = caller speaks first)",
       string_field(VOX_M(greeting)), false, VOX_GET(greeting)},
      {"call.greeting_interruptible", "the caller may barge in on the greeting",
       bool_field(VOX_M(call.greeting.interruptible)), false, VOX_GET(call.greeting.interruptible)},
      {"call.greeting_min_play_ms", "greeting audio heard before a barge-in may cut it",
       ms_field(VOX_M(call.greeting.min_play), 0, 60000), false, VOX_GET(call.greeting.min_play)},
      {"call.mark_interval_ms", "AI audio between marks to the caller leg",
       ms_field(VOX_M(call.mark_interval), 20, 5000), false, VOX_GET(call.mark_interval)},
      {"call.append_interval_ms",
       "caller audio gathered per append to the AI leg (20 = every frame)",
       ms_field(VOX_M(call.append_interval), 20, 200), false, VOX_GET(call.append_interval)},
      {"call.min_barge_in_speech_ms", "caller speech needed before barge-in (echo/noise guard)",
       ms_field(VOX_M(call.min_barge_in_speech), 0, 5000), false,
       VOX_GET(call.min_barge_in_speech)},
      {"call.max_duration_ms", "maximum call length (0 = none)",
       ms_field(VOX_M(call.max_call_duration), 0, 86400000), false,
       VOX_GET(call.max_call_duration)},
      {"call.silence_timeout_ms", "caller silence before prompting, then hanging up (0 = off)",
       ms_field(VOX_M(call.caller_silence_timeout), 0, 3600000), false,
       VOX_GET(call.caller_silence_timeout)},
      {"call.silence_prompt", "instructions for the prompt after caller silence (empty = none)",
       optional_field(VOX_M(call.silence_prompt)), false, VOX_GET(call.silence_prompt)},
      {"call.reconnect_attempts", "AI-leg reconnect attempts before the fallback",
       int_field(VOX_M(call.reconnect_max_attempts), 0, 100), false,
       VOX_GET(call.reconnect_max_attempts)},
      {"call.reconnect_budget_ms", "time allowed for AI-leg reconnects",
       ms_field(VOX_M(call.reconnect_budget), 0, 600000), false, VOX_GET(call.reconnect_budget)},
      {"call.ai_watchdog_ms",
       "no AI event this long while a response is owed (caller turn committed, or mid-response)"
       " = AI-leg failure",
       ms_field(VOX_M(call.ai_watchdog), 1000, 600000), false, VOX_GET(call.ai_watchdog)},
      {"call.reconnect_backoff_ms", "first AI-leg redial backoff; doubles per redial, jittered",
       ms_field(VOX_M(call.reconnect_backoff), 0, 60000), false, VOX_GET(call.reconnect_backoff)},
      {"call.reconnect_backoff_max_ms", "largest AI-leg redial backoff",
       ms_field(VOX_M(call.reconnect_backoff_max), 0, 600000), false,
       VOX_GET(call.reconnect_backoff_max)},
      {"call.early_audio_max_bytes", "caller audio (base64 bytes) held until the AI leg is ready",
       int_field(VOX_M(call.early_audio_max_bytes), 1024, 16777216), false,
       VOX_GET(call.early_audio_max_bytes)},
      {"call.dtmf_response_min_interval_ms", "at most one AI response per this much DTMF input",
       ms_field(VOX_M(call.dtmf_response_min_interval), 0, 60000), false,
       VOX_GET(call.dtmf_response_min_interval)},
      {"call.record_max_events", "events kept per call record (beyond: counted, not kept)",
       int_field(VOX_M(call.record_max_events), 10, 1000000), false,
       VOX_GET(call.record_max_events)},
      {"call.record_max_turns", "transcript turns kept per call record (beyond: counted)",
       int_field(VOX_M(call.record_max_turns), 10, 1000000), false, VOX_GET(call.record_max_turns)},
      {"tools.secret", "HMAC key signing webhook tool requests (or VOXGATE_TOOLS_SECRET)",
       string_field(VOX_M(tools.secret)), true, VOX_GET(tools.secret)},
      {"tools.transfer_allow",
       "transfer_call targets: a TOML array or a comma list of numbers and SIP URIs (empty = off)",
       transfer_list_field(), false,
       [](const Config& c) { return list_text(c.tools.transfer_allow); }},
  };
  return out;
}

#undef VOX_M
#undef VOX_GET

}  // namespace

const std::vector<Field>& fields() {
  static const std::vector<Field> kFields = build();
  return kFields;
}

const Field* find_field(const std::string& key) {
  for (const auto& f : fields()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

namespace {

// Samples for keys whose default is empty (an empty example says nothing).
std::string sample_for_empty_default(const std::string& key) {
  static const std::vector<std::pair<std::string, std::string>> kSamples = {
      {"server.public_host", "voice.example.com"},
      {"server.stream_token_secret", "a-long-random-secret"},
      {"server.twilio_auth_token", "your-twilio-auth-token"},
      {"server.telnyx_public_key", "c476Qwetcy3U3eR6+TUReIs9siRj/7gbEaOIOGZNUnE="},
      {"server.vonage_signature_secret", "your-vonage-signature-secret"},
      {"server.plivo_auth_token", "your-plivo-auth-token"},
      {"server.signalwire_signing_key", "your-signalwire-signing-key"},
      {"server.metrics_listen", "127.0.0.1:9464"},
      {"server.metrics_token", "a-long-random-token"},
      {"ai.url", "ws://127.0.0.1:9000/v1/realtime"},
      {"ai.api_key", "sk-..."},
      {"ai.transcription_model", "gpt-4o-transcribe"},
      {"ai.ca_file", "/etc/ssl/certs/ca-certificates.crt"},
      {"store.db", "voxgate.db"},
      {"store.url", "postgresql://voxgate@127.0.0.1:5432/voxgate"},
      {"store.spool", "/var/lib/voxgate/voxgate-spool.jsonl"},
      {"store.recordings_dir", "recordings"},
      {"server.instance_id", "voxgate-0"},
      {"cluster.redis_url", "redis://127.0.0.1:6379/0"},
      {"api.token", "a-long-random-token"},
      {"clips.holding", "/srv/voxgate/holding.wav"},
      {"clips.fallback", "/srv/voxgate/fallback.wav"},
      {"agent.file", "examples/agents/dental.toml"},
      {"call.greeting", "Greet the caller and ask how you can help."},
      {"call.silence_prompt", "Ask whether the caller is still there."},
      {"tools.secret", "a-long-random-secret"},
      {"tools.transfer_allow", R"(["+15550100", "sip:desk@pbx.example"])"},
  };
  for (const auto& [k, v] : kSamples) {
    if (k == key) return v;
  }
  return "";
}

}  // namespace

std::string example(const Field& field) {
  const std::string sample = sample_for_empty_default(field.key);
  return sample.empty() ? field.get(Config{}) : sample;
}

bool is_list(const Field& field) {
  return field.key == "tools.transfer_allow";
}

std::string env_name(const std::string& key) {
  std::string out = "VOXGATE_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

}  // namespace voxgate::config
