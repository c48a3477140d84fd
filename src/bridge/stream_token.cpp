#include "bridge/stream_token.hpp"

#include <charconv>
#include <chrono>
#include <vector>

#include "common/digest.hpp"

namespace voxgate::bridge {
namespace {

using common::unexpected;

constexpr std::string_view kVersion = "v1";

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  return common::to_hex(common::hmac_sha256(key, message));
}

// "a.b.c.d" -> its four parts; false when the shape is wrong.
bool split4(std::string_view s, std::string_view (&parts)[4]) {
  for (int i = 0; i < 3; ++i) {
    const auto dot = s.find('.');
    if (dot == std::string_view::npos) return false;
    parts[i] = s.substr(0, dot);
    s.remove_prefix(dot + 1);
  }
  parts[3] = s;
  return s.find('.') == std::string_view::npos;
}

}  // namespace

std::string_view to_string(StreamTokenError e) {
  switch (e) {
    case StreamTokenError::kMissing:
      return "missing";
    case StreamTokenError::kMalformed:
      return "malformed";
    case StreamTokenError::kWrongCall:
      return "wrong_call";
    case StreamTokenError::kBadMac:
      return "bad_mac";
    case StreamTokenError::kExpired:
      return "expired";
    case StreamTokenError::kReplayed:
      return "replayed";
    case StreamTokenError::kReplayUnknown:
      return "replay_unknown";
  }
  return "unknown";
}

common::TimePoint UnixClock::now() const {
  return common::TimePoint{std::chrono::duration_cast<common::Duration>(
      std::chrono::system_clock::now().time_since_epoch())};
}

StreamTokens::StreamTokens(StreamTokenOptions opts, const common::Clock& clock)
    : opts_(std::move(opts)),
      clock_(clock),
      own_replay_(std::make_unique<cluster::InProcessReplaySet>(clock, opts_.max_remembered)),
      replay_(*own_replay_) {}

StreamTokens::StreamTokens(StreamTokenOptions opts, const common::Clock& clock,
                           cluster::ReplaySet& replay)
    : opts_(std::move(opts)), clock_(clock), replay_(replay) {}

int64_t StreamTokens::now_ms() const {
  return std::chrono::duration_cast<common::Millis>(clock_.now().time_since_epoch()).count();
}

std::string StreamTokens::mac_hex(std::string_view call_sid, int64_t expiry_ms) const {
  return hmac_sha256_hex(opts_.secret, std::string(call_sid) + "." + std::to_string(expiry_ms));
}

std::string StreamTokens::issue(std::string_view call_sid) const {
  const int64_t expiry = now_ms() + opts_.ttl.count();
  return std::string(kVersion) + "." + std::string(call_sid) + "." + std::to_string(expiry) + "." +
         mac_hex(call_sid, expiry);
}

common::Result<StreamTokens::Checked, StreamTokenError> StreamTokens::check(
    std::string_view token, std::string_view call_sid) const {
  if (token.empty()) return unexpected(StreamTokenError::kMissing);
  std::string_view parts[4];
  int64_t expiry = 0;
  if (!split4(token, parts) || parts[0] != kVersion)
    return unexpected(StreamTokenError::kMalformed);
  const auto [p, ec] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), expiry);
  if (ec != std::errc() || p != parts[2].data() + parts[2].size()) {
    return unexpected(StreamTokenError::kMalformed);
  }
  if (parts[1] != call_sid) return unexpected(StreamTokenError::kWrongCall);
  std::string expected = mac_hex(call_sid, expiry);
  if (!common::equal_constant_time(parts[3], expected)) {
    return unexpected(StreamTokenError::kBadMac);
  }
  if (now_ms() >= expiry) return unexpected(StreamTokenError::kExpired);
  return Checked{std::move(expected), expiry};
}

void StreamTokens::redeem(std::string_view token, std::string_view call_sid,
                          StreamTokenCallback done) {
  auto checked = check(token, call_sid);
  if (!checked) return done(unexpected(checked.error()));
  replay_.mark_once(checked->mac, checked->expiry_ms,
                    [allow = opts_.allow_when_replay_unknown,
                     done = std::move(done)](cluster::ClusterResult<bool> first) {
                      if (!first) {
                        if (allow) return done(true);
                        return done(unexpected(StreamTokenError::kReplayUnknown));
                      }
                      if (!first.value()) return done(unexpected(StreamTokenError::kReplayed));
                      done(true);
                    });
}

std::size_t StreamTokens::remembered() const {
  return own_replay_ ? own_replay_->size() : 0;
}

std::string derive_stream_token_secret(std::string_view twilio_auth_token) {
  return hmac_sha256_hex(twilio_auth_token, "voxgate stream token v1");
}

}  // namespace voxgate::bridge
