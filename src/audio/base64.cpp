#include "audio/base64.hpp"

#include <openssl/evp.h>

#include <array>

namespace voxgate::audio {
namespace {

// OpenSSL's EVP_DecodeBlock skips whitespace, accepts '=' inside the input and
// ignores non-zero trailing bits, so strict validation is done here with a
// lookup table; the byte conversion itself stays with OpenSSL.
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> make_decode_table() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<uint8_t>(i);
  }
  return t;
}

constexpr std::array<uint8_t, 256> kDecode = make_decode_table();

size_t padding_of(std::string_view in) {
  if (in.empty() || in.back() != '=') return 0;
  return in[in.size() - 2] == '=' ? 2 : 1;
}

}  // namespace

void base64_encode(std::span<const uint8_t> in, std::string& out) {
  const size_t len = (in.size() + 2) / 3 * 4;
  // resize() keeps capacity; EVP_EncodeBlock also writes a NUL at out[len],
  // which std::string already holds there.
  out.resize(len);
  if (len == 0) return;
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), in.data(),
                  static_cast<int>(in.size()));
}

std::string base64_encode(std::span<const uint8_t> in) {
  std::string out;
  base64_encode(in, out);
  return out;
}

bool base64_valid(std::string_view in) {
  if (in.size() % 4 != 0) return false;
  if (in.empty()) return true;
  const size_t pad = padding_of(in);
  const size_t data_len = in.size() - pad;
  uint8_t acc = 0;
  for (size_t i = 0; i < data_len; ++i) acc |= kDecode[static_cast<uint8_t>(in[i])];
  // Every valid code is < 64, so bit 7 is set only by kInvalid.
  if (acc & 0x80) return false;
  // Canonical form: the bits dropped by padding must be zero.
  const uint8_t last = kDecode[static_cast<uint8_t>(in[data_len - 1])];
  if (pad == 1 && (last & 0x03) != 0) return false;
  if (pad == 2 && (last & 0x0F) != 0) return false;
  return true;
}

size_t base64_decoded_size(std::string_view in) {
  return in.size() / 4 * 3 - padding_of(in);
}

bool base64_decode(std::string_view in, std::vector<uint8_t>& out) {
  if (!base64_valid(in)) return false;
  if (in.empty()) {
    out.clear();
    return true;
  }
  // DecodeBlock writes 3 bytes per group, padding included; trim afterwards.
  out.resize(in.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0 || static_cast<size_t>(n) != out.size()) return false;
  out.resize(out.size() - padding_of(in));
  return true;
}

}  // namespace voxgate::audio
