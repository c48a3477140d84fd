#pragma once
// StreamTokens: the per-call signed, short-lived token that lets only calls
// this server answered open a media stream (README Security). POST /twiml
// issues one for the webhook's CallSid and puts it in the TwiML as a
// <Stream> <Parameter> (PROTOCOLS.md: Parameters come back in the `start`
// event's customParameters); /media redeems it at the `start` event.
//
// Token: "v1.<CallSid>.<expiry ms>.<hex HMAC-SHA256(secret, "CallSid.expiry")>".
// The CallSid is in clear so a mismatch is reported as such; the MAC binds
// both. A token is good once: redeemed MACs are remembered until they expire
// in a cluster::ReplaySet, this process's own (bounded; the soonest-expiring
// is forgotten first when full) or the one every instance shares (Redis).
//
// Owner: the app (one per server; outlives every call). Thread-safe: issue()
// and check() are pure; redeem() asks the replay set, which may answer on
// another thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cluster/in_process_replay_set.hpp"
#include "cluster/replay_set.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::bridge {

// The <Parameter name> carrying the token; the caller codec lifts it out of
// the custom parameters (telephony/caller_leg.hpp).
inline constexpr std::string_view kStreamTokenParameter = telephony::kStreamTokenParameter;

// kReplayUnknown: the shared replay set could not answer (Redis down) and
// cluster.replay_check_when_down is "refuse".
enum class StreamTokenError {
  kMissing,
  kMalformed,
  kWrongCall,
  kBadMac,
  kExpired,
  kReplayed,
  kReplayUnknown
};
std::string_view to_string(StreamTokenError e);  // metric label: "missing", "bad_mac", ...

struct StreamTokenOptions {
  std::string secret;  // HMAC key; never logged
  common::Millis ttl{60000};
  std::size_t max_remembered = 100000;  // the in-process replay set's bound
  // When the shared replay set cannot answer: admit on the MAC and expiry
  // alone (true) or refuse (false, the default: cluster.replay_check_when_down).
  bool allow_when_replay_unknown = false;
};

// Unix time as a common::TimePoint, so an expiry means the same on every
// instance sharing the secret (the webhook and the stream may reach
// different instances behind a load balancer).
class UnixClock final : public common::Clock {
 public:
  common::TimePoint now() const override;
};

using StreamTokenVerdict = common::Result<bool, StreamTokenError>;
using StreamTokenCallback = std::function<void(StreamTokenVerdict)>;

class StreamTokens {
 public:
  // With this process's own replay set.
  StreamTokens(StreamTokenOptions opts, const common::Clock& clock);
  // With a shared one (must outlive this).
  StreamTokens(StreamTokenOptions opts, const common::Clock& clock, cluster::ReplaySet& replay);

  std::string issue(std::string_view call_sid) const;
  // The token's MAC when it is well-formed, for this CallSid, signed and not
  // expired; says nothing about replays.
  struct Checked {
    std::string mac;
    int64_t expiry_ms = 0;
  };
  common::Result<Checked, StreamTokenError> check(std::string_view token,
                                                  std::string_view call_sid) const;
  // check(), then marks the token used. `done` runs in line when the token
  // fails check() or the replay set is this process's, else on the replay
  // set's thread.
  void redeem(std::string_view token, std::string_view call_sid, StreamTokenCallback done);
  // Tokens the in-process replay set remembers (0 with a shared one).
  std::size_t remembered() const;

 private:
  std::string mac_hex(std::string_view call_sid, int64_t expiry_ms) const;
  int64_t now_ms() const;

  const StreamTokenOptions opts_;
  const common::Clock& clock_;
  std::unique_ptr<cluster::InProcessReplaySet> own_replay_;  // null with a shared one
  cluster::ReplaySet& replay_;
};

// The secret when none is configured: HMAC-SHA256(auth_token, a fixed label),
// so the auth token itself is never the key of a value sent over the wire.
std::string derive_stream_token_secret(std::string_view twilio_auth_token);

}  // namespace voxgate::bridge
