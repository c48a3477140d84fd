#include "telephony/plivo/webhook_signature.hpp"

#include <algorithm>

#include "audio/base64.hpp"
#include "common/digest.hpp"

namespace voxgate::telephony::plivo {
namespace {

Parameters sorted(Parameters p) {
  std::sort(p.begin(), p.end());
  return p;
}

std::string query_string(const Parameters& query) {
  std::string out;
  for (const auto& [name, value] : sorted(query)) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string signed_base(const SignedRequest& req) {
  std::string base(req.base_url);
  const std::string query = query_string(req.query);
  if (req.method != "POST") return query.empty() ? base : base + "?" + query;
  if (!query.empty() || !req.post.empty()) base += "?" + query;
  if (!query.empty() && !req.post.empty()) base += '.';
  for (const auto& [name, value] : sorted(req.post)) base += name + value;
  return base;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string signature_v3(std::string_view auth_token, const SignedRequest& req,
                         std::string_view nonce) {
  const std::string payload = signed_base(req) + "." + std::string(nonce);
  const std::string mac = common::hmac_sha256(auth_token, payload);
  if (mac.empty()) return {};
  return audio::base64_encode({reinterpret_cast<const unsigned char*>(mac.data()), mac.size()});
}

bool verify_signature_v3(std::string_view auth_token, const SignedRequest& req,
                         std::string_view nonce, std::string_view header_value) {
  if (nonce.empty() || header_value.empty()) return false;
  const std::string expected = signature_v3(auth_token, req, nonce);
  bool matched = false;
  while (true) {
    const size_t comma = header_value.find(',');
    const std::string_view candidate = trim(header_value.substr(0, comma));
    // The length of a SHA-256 signature is public; only the bytes need a
    // constant-time comparison.
    matched |= common::equal_constant_time(candidate, expected);
    if (comma == std::string_view::npos) break;
    header_value.remove_prefix(comma + 1);
  }
  return matched;
}

}  // namespace voxgate::telephony::plivo
