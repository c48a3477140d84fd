#pragma once
// StreamTokens: the per-call signed, short-lived token that lets only calls
// this server answered open a media stream (README Security). POST /twiml
// issues one for the webhook's CallSid and puts it in the TwiML as a
// <Stream> <Parameter> (PROTOCOLS.md: Parameters come back in the `start`
// event's customParameters); /media redeems it at the `start` event.
//
// Token: "v1.<CallSid>.<expiry ms>.<hex HMAC-SHA256(secret, "CallSid.expiry")>".
// The CallSid is in clear so a mismatch is reported as such; the MAC binds
// both. A token is good once: redeemed tokens are remembered until they
// expire (bounded; the soonest-expiring is forgotten first when full).
//
// Owner: the app (one per server; outlives every call). Thread-safe: issue()
// is pure, redeem() takes a mutex for the replay set only.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::bridge {

// The <Parameter name> carrying the token; the caller codec lifts it out of
// the custom parameters (telephony/caller_leg.hpp).
inline constexpr std::string_view kStreamTokenParameter = telephony::kStreamTokenParameter;

enum class StreamTokenError { kMissing, kMalformed, kWrongCall, kBadMac, kExpired, kReplayed };
std::string_view to_string(StreamTokenError e);  // metric label: "missing", "bad_mac", ...

struct StreamTokenOptions {
  std::string secret;  // HMAC key; never logged
  common::Millis ttl{60000};
  std::size_t max_remembered = 100000;  // replay set bound
};

// Unix time as a common::TimePoint, so an expiry means the same on every
// instance sharing the secret (the webhook and the stream may reach
// different instances behind a load balancer).
class UnixClock final : public common::Clock {
 public:
  common::TimePoint now() const override;
};

class StreamTokens {
 public:
  StreamTokens(StreamTokenOptions opts, const common::Clock& clock);

  std::string issue(std::string_view call_sid) const;
  // Checks the token against the stream's CallSid and marks it used.
  common::Result<bool, StreamTokenError> redeem(std::string_view token, std::string_view call_sid);
  std::size_t remembered() const;

 private:
  std::string mac_hex(std::string_view call_sid, int64_t expiry_ms) const;
  int64_t now_ms() const;
  void forget_expired(int64_t now_ms);

  const StreamTokenOptions opts_;
  const common::Clock& clock_;
  mutable std::mutex mu_;
  std::multimap<int64_t, std::string> by_expiry_;  // expiry ms -> MAC of a redeemed token
  std::unordered_set<std::string> used_;
};

// The secret when none is configured: HMAC-SHA256(auth_token, a fixed label),
// so the auth token itself is never the key of a value sent over the wire.
std::string derive_stream_token_secret(std::string_view twilio_auth_token);

}  // namespace voxgate::bridge
