#pragma once
// One valid value for every configuration key, none of them the default,
// accepted together by ConfigLoader::finish(): the flag and environment
// tests set each and check it arrived (cli_flags_test.cpp, and
// tests/integration/flags_test.cpp through the real binary). A key added to
// config_fields.cpp without a sample here fails KeySamples.CoverEveryKey.

#include <string>
#include <vector>

namespace voxgate::config::testing {

struct KeySample {
  std::string key;
  std::string value;
};

inline const std::vector<KeySample>& key_samples() {
  static const std::vector<KeySample> kSamples = {
      {"server.host", "0.0.0.0"},
      {"server.port", "9001"},
      {"server.public_host", "voice.example.com"},
      {"server.threads", "3"},
      {"server.max_calls", "17"},
      {"server.memory_trim_ms", "1234"},
      {"server.validate_twilio_signature", "true"},
      {"server.stream_token", "true"},
      {"server.stream_token_secret", "stream-secret"},
      {"server.instance_id", "pod-a"},
      {"server.max_connections", "77"},
      {"server.max_handshakes_per_ip", "7"},
      {"server.handshake_rate_per_ip", "9"},
      {"server.handshake_burst_per_ip", "11"},
      {"server.stream_token_ttl_ms", "5000"},
      {"server.twilio_auth_token", "twilio-token"},
      {"server.telnyx_public_key", "c476Qwetcy3U3eR6+TUReIs9siRj/7gbEaOIOGZNUnE="},
      {"server.vonage_signature_secret", "vonage-secret"},
      {"server.plivo_auth_token", "plivo-token"},
      {"server.signalwire_signing_key", "signalwire-key"},
      {"server.allow_unauthenticated", "true"},
      {"server.metrics_listen", "127.0.0.1:9464"},
      {"server.metrics_token", "metrics-token"},
      {"server.start_deadline_ms", "2500"},
      {"server.max_unadmitted_per_ip", "5"},
      {"ai.ping_after_ms", "700"},
      {"ai.pong_timeout_ms", "1900"},
      {"call.reconnect_backoff_ms", "250"},
      {"call.reconnect_backoff_max_ms", "3000"},
      {"call.early_audio_max_bytes", "100000"},
      {"call.dtmf_response_min_interval_ms", "1500"},
      {"call.record_max_events", "1500"},
      {"call.record_max_turns", "700"},
      {"ai.agent", "url"},
      {"ai.url", "ws://ai.example.test:9000/v1/realtime"},
      {"ai.model", "model-x"},
      {"ai.api_key", "sk-sample"},
      {"ai.dialect", "beta"},
      {"ai.audio", "pcmu"},
      {"ai.voice", "verse"},
      {"ai.instructions", "Be brief."},
      {"ai.transcription_model", "gpt-4o-transcribe"},
      {"ai.ca_file", "/etc/voxgate/ca.pem"},
      {"ai.connect_timeout_ms", "2500"},
      {"ai.protocol", "realtime"},
      {"ai.auth", "api-key"},
      {"ai.live_backend_model", "backend-x"},
      {"ai.live_turn_gap_ms", "600"},
      {"ai.live_close_wait_ms", "3000"},
      {"log.format", "json"},
      {"log.level", "debug"},
      {"store.db", "/var/lib/voxgate/calls.db"},
      {"store.url", "postgresql://voxgate:db-password@db.example:5432/calls"},
      {"store.spool", "/var/lib/voxgate/spool.jsonl"},
      {"store.recordings_dir", "/var/lib/voxgate/rec"},
      {"cluster.redis_url", "redis://:redis-password@redis.example:6380/1"},
      {"cluster.replay_check_when_down", "allow"},
      {"cluster.control_timeout_ms", "3000"},
      {"api.token", "api-token"},
      {"clips.holding", "/srv/holding.wav"},
      {"clips.fallback", "/srv/fallback.wav"},
      {"agent.file", "/srv/agent.toml"},
      {"agent.workers", "3"},
      {"call.greeting", "Hello there."},
      {"call.greeting_interruptible", "true"},
      {"call.greeting_min_play_ms", "500"},
      {"call.mark_interval_ms", "200"},
      {"call.append_interval_ms", "60"},
      {"call.min_barge_in_speech_ms", "120"},
      {"call.max_duration_ms", "60000"},
      {"call.silence_timeout_ms", "9000"},
      {"call.silence_prompt", "Still there?"},
      {"call.reconnect_attempts", "5"},
      {"call.reconnect_budget_ms", "4000"},
      {"call.ai_watchdog_ms", "20000"},
      {"tools.secret", "tools-secret"},
      {"tools.transfer_allow", "+15550100"},
  };
  return kSamples;
}

inline std::string sample_for(const std::string& key) {
  for (const auto& s : key_samples()) {
    if (s.key == key) return s.value;
  }
  return {};
}

}  // namespace voxgate::config::testing
