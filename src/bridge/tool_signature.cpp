#include "bridge/tool_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace voxgate::bridge {

std::string tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body) {
  std::string data;
  data.reserve(timestamp.size() + 1 + body.size());
  data.append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
           &len) == nullptr) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

bool verify_tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body, std::string_view header_value) {
  const std::string expected = tool_signature(secret, timestamp, body);
  return !expected.empty() && header_value.size() == expected.size() &&
         CRYPTO_memcmp(header_value.data(), expected.data(), expected.size()) == 0;
}

}  // namespace voxgate::bridge
