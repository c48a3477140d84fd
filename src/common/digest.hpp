#pragma once
// SHA-256 and HMAC-SHA256 (RFC 2104) through OpenSSL, with the hex form and
// the constant-time comparison that every signature check here needs: the
// carriers' webhook signatures, the webhook tools' signature and the stream
// tokens all sign with HMAC-SHA256.

#include <string>
#include <string_view>

namespace voxgate::common {

// The 32 raw bytes of HMAC-SHA256(key, message); empty if OpenSSL failed.
std::string hmac_sha256(std::string_view key, std::string_view message);
// The 20 raw bytes of HMAC-SHA1(key, message), which Twilio's webhook
// signature still uses; empty if OpenSSL failed.
std::string hmac_sha1(std::string_view key, std::string_view message);
// The 32 raw bytes of SHA-256(data); empty if OpenSSL failed.
std::string sha256(std::string_view data);
// Lower-case hex, two digits per byte.
std::string to_hex(std::string_view bytes);
// a == b, in time that depends on the sizes only (a signature compared early
// out byte by byte would tell an attacker how much of it was right).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace voxgate::common
