#include "telephony/vonage/webhook_signature.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "audio/base64.hpp"
#include "common/digest.hpp"

namespace voxgate::telephony::vonage {
namespace json = boost::json;
namespace {

constexpr std::string_view kBearer = "Bearer ";

// RFC 7515 2: base64url without padding.
std::optional<std::vector<uint8_t>> base64url_decode(std::string_view in) {
  std::string std64(in);
  for (char& c : std64) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (std64.size() % 4 != 0) std64 += '=';
  std::vector<uint8_t> out;
  if (!audio::base64_decode(std64, out)) return std::nullopt;
  return out;
}

std::optional<json::object> json_part(std::string_view part) {
  const auto bytes = base64url_decode(part);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

bool mac_matches(std::string_view secret, std::string_view signed_part, std::string_view sig_part) {
  const auto sig = base64url_decode(sig_part);
  const std::string mac = common::hmac_sha256(secret, signed_part);
  return sig && !mac.empty() &&
         common::equal_constant_time({reinterpret_cast<const char*>(sig->data()), sig->size()},
                                     mac);
}

std::string sha256_hex(std::string_view body) {
  return common::to_hex(common::sha256(body));
}

std::optional<int64_t> int_claim(const json::object& claims, std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

bool claims_hold(const json::object& claims, std::string_view body, int64_t now, int64_t tol) {
  if (const auto* hash = claims.if_contains("payload_hash")) {
    if (!hash->is_string()) return false;
    std::string got(hash->get_string());
    for (char& c : got) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (got != sha256_hex(body)) return false;
  }
  if (claims.contains("iat")) {
    const auto iat = int_claim(claims, "iat");
    if (!iat || now - *iat > tol || *iat - now > tol) return false;
  }
  if (claims.contains("exp")) {
    const auto exp = int_claim(claims, "exp");
    if (!exp || now > *exp) return false;
  }
  return true;
}

}  // namespace

bool verify_signed_webhook(std::string_view signature_secret, std::string_view authorization,
                           std::string_view body, int64_t now_unix_s, int64_t tolerance_s) {
  if (signature_secret.empty() || !authorization.starts_with(kBearer)) return false;
  const std::string_view token = authorization.substr(kBearer.size());
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return false;
  }
  const auto header = json_part(token.substr(0, dot1));
  const auto* alg = header ? header->if_contains("alg") : nullptr;
  // RFC 8725 3.1: the algorithm is the one configured, never the token's choice.
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") return false;
  if (!mac_matches(signature_secret, token.substr(0, dot2), token.substr(dot2 + 1))) return false;
  const auto claims = json_part(token.substr(dot1 + 1, dot2 - dot1 - 1));
  return claims && claims_hold(*claims, body, now_unix_s, tolerance_s);
}

}  // namespace voxgate::telephony::vonage
