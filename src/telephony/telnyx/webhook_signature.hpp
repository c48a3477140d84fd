#pragma once
// Telnyx's webhook signature (Telnyx "Receiving webhooks"; the SDKs'
// webhook verification): Ed25519 over "TIMESTAMP|BODY" with the account's
// public key, the signature base64 in `telnyx-signature-ed25519` and the Unix
// seconds in `telnyx-timestamp`. A timestamp further than the tolerance from
// now (either way) is refused: a captured request cannot be replayed later.
// Pure: the caller supplies the time. Safe on any thread.

#include <cstdint>
#include <string_view>

namespace voxgate::telephony::telnyx {

inline constexpr std::string_view kSignatureHeader = "telnyx-signature-ed25519";
inline constexpr std::string_view kTimestampHeader = "telnyx-timestamp";
// The Telnyx SDKs' default tolerance.
inline constexpr int64_t kTimestampToleranceS = 300;

// `public_key_b64`: the raw 32-byte Ed25519 key, base64 (as Mission Control
// shows it). False on any malformed input, a stale timestamp or a mismatch.
bool verify_webhook_signature(std::string_view public_key_b64, std::string_view timestamp,
                              std::string_view body, std::string_view signature_b64,
                              int64_t now_unix_s, int64_t tolerance_s = kTimestampToleranceS);

}  // namespace voxgate::telephony::telnyx
