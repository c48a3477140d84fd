// VoxgateApp's Twilio-facing checks (README Security): the X-Twilio-Signature
// check on /twiml and the per-call stream token on /media. Both are on when
// a Twilio auth token is configured and off when none is; the start-up log
// says which, and warns when a token is set but a check was turned off.
// The other carriers' webhook checks on /answer/<carrier> are on when their
// secrets are set, and turn the stream token on with them.
// Also the connection limits (per-IP handshakes, total connections), and
// where GET /metrics is served (README "Security").

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "app/startup_safety.hpp"
#include "app/voxgate_app.hpp"
#include "config/host_port.hpp"

namespace voxgate::app {

namespace {

// The HMAC key of the stream token when none is configured: derived from a
// configured secret (never a public key), else random for this process (then
// the webhook and the stream must reach the same instance).
std::string token_key_source(const config::ServerConfig& s) {
  for (const std::string* secret : {&s.twilio_auth_token, &s.vonage_signature_secret,
                                    &s.plivo_auth_token, &s.signalwire_signing_key}) {
    if (!secret->empty()) return *secret;
  }
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("RAND_bytes failed");
  return std::string(reinterpret_cast<const char*>(random), sizeof random);
}

}  // namespace

void VoxgateApp::prepare_security(server::ServerOptions& so) {
  const auto& s = config_.server;
  so.validate_signature = s.validate_twilio_signature;
  so.twilio_auth_token = s.twilio_auth_token;
  prepare_carrier_checks(so);
  // BEHAVIOUR 0: a carrier's webhook check is only worth it with the token
  // that ties the stream to the checked webhook.
  if (stream_token_on(s)) {
    bridge::StreamTokenOptions o;
    o.secret = s.stream_token_secret.empty()
                   ? bridge::derive_stream_token_secret(token_key_source(s))
                   : s.stream_token_secret;
    o.ttl = common::Millis(s.stream_token_ttl_ms);
    o.allow_when_replay_unknown = config_.cluster.replay_check_when_down == "allow";
    stream_tokens_ = cluster_ && cluster_->shared()
                         ? std::make_unique<bridge::StreamTokens>(std::move(o), unix_clock_,
                                                                  cluster_->replay_set())
                         : std::make_unique<bridge::StreamTokens>(std::move(o), unix_clock_);
    so.stream_tokens = stream_tokens_.get();
  }
  net::ConnectionLimits limits;
  limits.max_connections = s.max_connections;
  limits.max_handshakes_per_ip = s.max_handshakes_per_ip;
  limits.rate_per_ip = s.handshake_rate_per_ip;
  limits.burst_per_ip = std::max(1u, s.handshake_burst_per_ip);
  limits.on_refused = [this](net::Refusal r) {
    registry_metrics_
        .counter("voxgate_connections_refused_total",
                 "Connections refused by the connection limits, by reason",
                 "reason=\"" + std::string(net::to_string(r)) + "\"")
        .inc();
  };
  auto& open = registry_metrics_.gauge("voxgate_connections_open",
                                       "Open HTTP/WebSocket connections (counted by the limits)");
  limits.on_open = [&open](int64_t delta) { open.add(delta); };
  so.limits = std::move(limits);
  const bool have_token = !s.twilio_auth_token.empty();
  spdlog::info("Twilio signature check on /twiml: {}; stream token on /media: {}",
               s.validate_twilio_signature ? "on" : "off", so.stream_tokens ? "on" : "off");
  if (have_token && !s.validate_twilio_signature) {
    spdlog::warn(
        "a Twilio auth token is set but the signature check is off "
        "(server.validate_twilio_signature = false): anyone can fetch TwiML from /twiml");
  }
  if (have_token && !s.stream_token) {
    spdlog::warn(
        "a Twilio auth token is set but the stream token is off (server.stream_token = false): "
        "any client can open a media stream on /media");
  }
  if (so.stream_tokens && mode_ == AgentMode::kEcho) {
    spdlog::warn("the echo agent does not check the stream token on /media (test mode)");
  }
  if (!have_token && !s.validate_twilio_signature && !so.stream_tokens) {
    spdlog::info("no Twilio auth token: both checks off (local development)");
  }
}

// /answer/<carrier> (server/answer_route.hpp): each carrier's webhook
// signature is checked when its secret is configured; refusals are counted.
void VoxgateApp::prepare_carrier_checks(server::ServerOptions& so) {
  const auto& s = config_.server;
  so.carrier_secrets = {s.telnyx_public_key, s.vonage_signature_secret, s.plivo_auth_token,
                        s.signalwire_signing_key};
  so.unix_clock = &unix_clock_;
  so.on_webhook_refused = [this](std::string_view carrier) {
    registry_metrics_
        .counter("voxgate_webhooks_refused_total",
                 "Carrier answer webhooks refused for a missing or wrong signature, by carrier",
                 "carrier=\"" + std::string(carrier) + "\"")
        .inc();
  };
  spdlog::info(
      "webhook signature checks on /answer: telnyx {}, vonage {}, plivo {}, signalwire {}",
      s.telnyx_public_key.empty() ? "off" : "on", s.vonage_signature_secret.empty() ? "off" : "on",
      s.plivo_auth_token.empty() ? "off" : "on", s.signalwire_signing_key.empty() ? "off" : "on");
}

// server.metrics_listen was checked when the config was loaded; port 0
// takes any free port (the log line says which).
void VoxgateApp::prepare_metrics(server::ServerOptions& so) {
  so.metrics.render = [this] { return registry_metrics_.render_prometheus(); };
  so.metrics.token = config_.server.metrics_token;
  if (auto at = config::parse_host_port(config_.server.metrics_listen)) {
    so.metrics.listen_host = at->host;
    so.metrics.listen_port = at->port;
  }
  if (so.metrics.listen_host.empty() && so.metrics.token.empty() &&
      !is_loopback_host(config_.server.host)) {
    spdlog::info(
        "GET /metrics is served on the public listener without a token (set "
        "server.metrics_listen or server.metrics_token to keep it private)");
  }
}

}  // namespace voxgate::app
