#pragma once
// Signed, expiring dashboard session cookies and the CSRF token bound to each
// session. A session value is "<expires_ms>.<nonce>.<hex HMAC-SHA256>", signed
// with a key derived from the API token: nothing is kept on the server, and a
// new API token invalidates every session. The CSRF token is an HMAC of the
// session value (the "signed double-submit" pattern, OWASP CSRF cheat sheet):
// a page must have read it from /dashboard/session to send it back.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace voxgate::server {

// The signing key for sessions of this API token (never the token itself).
std::string session_key(std::string_view api_token);
// A new session value expiring at `expires_ms` (unix epoch ms).
std::string issue_session(std::string_view key, int64_t expires_ms);
// With a given nonce (tests).
std::string issue_session(std::string_view key, int64_t expires_ms, std::string_view nonce);
// True when `value` is well formed, signed with `key` and not expired at now_ms.
bool session_valid(std::string_view key, std::string_view value, int64_t now_ms);
// The CSRF token of the session `value`.
std::string csrf_token(std::string_view key, std::string_view value);
// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name);

}  // namespace voxgate::server
