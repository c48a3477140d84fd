#pragma once
// Vonage's signed webhooks (Vonage "Signed webhooks" for the Voice API): the
// request carries `Authorization: Bearer JWT`, a JWT signed HS256 with the
// account's signature secret. Its claims may hold `payload_hash`, the hex
// SHA-256 of the request body, which must then match; `iat` (issued at, Unix
// seconds) further than the tolerance from now is refused so a captured
// request cannot be replayed later, and so is a passed `exp`.
// Pure: the caller supplies the time. Safe on any thread.

#include <cstdint>
#include <string_view>

namespace voxgate::telephony::vonage {

inline constexpr int64_t kIssuedAtToleranceS = 300;

// `authorization`: the Authorization header's value ("Bearer xxx.yyy.zzz").
// False on any malformed token, another algorithm, a wrong MAC, a body that
// does not match payload_hash, or a stale token.
bool verify_signed_webhook(std::string_view signature_secret, std::string_view authorization,
                           std::string_view body, int64_t now_unix_s,
                           int64_t tolerance_s = kIssuedAtToleranceS);

}  // namespace voxgate::telephony::vonage
