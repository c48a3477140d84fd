#include "server/session_cookie.hpp"

#include <charconv>
#include <random>

#include "common/digest.hpp"

namespace voxgate::server {
namespace {

constexpr std::string_view kKeyLabel = "voxgate dashboard session v1";
constexpr std::string_view kCsrfLabel = "csrf:";

std::string sign(std::string_view key, std::string_view payload) {
  return common::to_hex(common::hmac_sha256(key, payload));
}

std::string random_nonce() {
  std::random_device rd;  // the OS's entropy source on Linux (/dev/urandom)
  std::string bytes(16, '\0');
  for (auto& b : bytes) b = static_cast<char>(rd() & 0xff);
  return common::to_hex(bytes);
}

}  // namespace

std::string session_key(std::string_view api_token) {
  return common::hmac_sha256(api_token, kKeyLabel);
}

std::string issue_session(std::string_view key, int64_t expires_ms) {
  return issue_session(key, expires_ms, random_nonce());
}

std::string issue_session(std::string_view key, int64_t expires_ms, std::string_view nonce) {
  std::string payload = std::to_string(expires_ms) + "." + std::string(nonce);
  return payload + "." + sign(key, payload);
}

bool session_valid(std::string_view key, std::string_view value, int64_t now_ms) {
  const auto last = value.rfind('.');
  if (last == std::string_view::npos || value.find('.') == last) return false;
  const std::string_view payload = value.substr(0, last);
  if (!common::equal_constant_time(value.substr(last + 1), sign(key, payload))) return false;
  int64_t expires = 0;
  const auto dot = payload.find('.');
  const auto [end, ec] = std::from_chars(payload.data(), payload.data() + dot, expires);
  if (ec != std::errc() || end != payload.data() + dot) return false;
  return now_ms < expires;
}

std::string csrf_token(std::string_view key, std::string_view value) {
  return sign(key, std::string(kCsrfLabel) + std::string(value));
}

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? "" : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return std::nullopt;
}

}  // namespace voxgate::server
