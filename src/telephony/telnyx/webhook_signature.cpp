#include "telephony/telnyx/webhook_signature.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "audio/base64.hpp"

namespace voxgate::telephony::telnyx {
namespace {

constexpr size_t kKeyBytes = 32;        // RFC 8032 5.1.5
constexpr size_t kSignatureBytes = 64;  // RFC 8032 5.1.6

bool fresh(std::string_view timestamp, int64_t now_unix_s, int64_t tolerance_s) {
  int64_t ts = 0;
  const auto* end = timestamp.data() + timestamp.size();
  const auto [ptr, ec] = std::from_chars(timestamp.data(), end, ts);
  if (ec != std::errc{} || ptr != end) return false;
  const int64_t age = now_unix_s - ts;
  return age <= tolerance_s && age >= -tolerance_s;
}

bool ed25519_verify(const std::vector<uint8_t>& key, std::string_view message,
                    const std::vector<uint8_t>& signature) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()),
      &EVP_PKEY_free);
  if (!pkey) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace

bool verify_webhook_signature(std::string_view public_key_b64, std::string_view timestamp,
                              std::string_view body, std::string_view signature_b64,
                              int64_t now_unix_s, int64_t tolerance_s) {
  if (!fresh(timestamp, now_unix_s, tolerance_s)) return false;
  std::vector<uint8_t> key;
  std::vector<uint8_t> signature;
  if (!audio::base64_decode(public_key_b64, key) || key.size() != kKeyBytes) return false;
  if (!audio::base64_decode(signature_b64, signature) || signature.size() != kSignatureBytes) {
    return false;
  }
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append("|").append(body);
  return ed25519_verify(key, message, signature);
}

}  // namespace voxgate::telephony::telnyx
