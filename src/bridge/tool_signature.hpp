#pragma once
// The signature on webhook tool requests (docs/tools.md):
//   X-Voxgate-Timestamp: <unix seconds>
//   X-Voxgate-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// The timestamp inside the MAC lets receivers refuse replays of old requests.
// Pure functions (OpenSSL HMAC); thread-safe. The secret is never logged.

#include <string>
#include <string_view>

namespace voxgate::bridge {

inline constexpr std::string_view kToolTimestampHeader = "X-Voxgate-Timestamp";
inline constexpr std::string_view kToolSignatureHeader = "X-Voxgate-Signature";

// "sha256=" + lowercase hex of HMAC-SHA256(secret, timestamp + "." + body).
std::string tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body);

// Constant-time check of a received header value (for tests and receivers in C++).
bool verify_tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body, std::string_view header_value);

}  // namespace voxgate::bridge
