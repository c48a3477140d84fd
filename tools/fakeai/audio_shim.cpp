// TEMPORARY SHIM -- see audio_shim.hpp. Delete with the header.
#include "fakeai/audio_shim.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <fstream>
#include <iterator>

namespace voxgate::fakeai::shim {

std::string base64_encode(std::string_view bytes) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::encoded_size(bytes.size()), '\0');
  out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::decoded_size(text.size()), '\0');
  auto [written, read] = b64::decode(out.data(), text.data(), text.size());
  // Beast stops at the '=' padding: everything before it must have been read.
  size_t body = text.size();
  while (body > 0 && text.size() - body < 2 && text[body - 1] == '=') --body;
  if (read != body) return std::nullopt;
  out.resize(written);
  return out;
}

// ITU-T G.711 mu-law.
int16_t ulaw_to_linear(uint8_t u) {
  u = static_cast<uint8_t>(~u);
  int t = ((u & 0x0F) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return static_cast<int16_t>((u & 0x80) ? (0x84 - t) : (t - 0x84));
}

uint8_t linear_to_ulaw(int16_t pcm) {
  constexpr int kBias = 0x84, kClip = 32635;
  int sign = (pcm >> 8) & 0x80;
  int v = sign ? -static_cast<int>(pcm) : pcm;
  if (v > kClip) v = kClip;
  v += kBias;
  int exponent = 7;
  for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  int mantissa = (v >> (exponent + 3)) & 0x0F;
  return static_cast<uint8_t>(~(sign | (exponent << 4) | mantissa));
}

common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::unexpected(WavError::kOpen);
  std::string d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto u16 = [&](size_t p) { return uint16_t(uint8_t(d[p]) | uint8_t(d[p + 1]) << 8); };
  auto u32 = [&](size_t p) { return uint32_t(u16(p)) | uint32_t(u16(p + 2)) << 16; };
  if (d.size() < 12 || d.compare(0, 4, "RIFF") != 0 || d.compare(8, 4, "WAVE") != 0)
    return common::unexpected(WavError::kFormat);
  bool fmt_ok = false;
  for (size_t p = 12; p + 8 <= d.size();) {
    uint32_t len = u32(p + 4);
    if (d.compare(p, 4, "fmt ") == 0 && p + 24 <= d.size())
      fmt_ok = u16(p + 8) == 1 && u16(p + 10) == 1 && u32(p + 12) == 8000 && u16(p + 22) == 16;
    if (d.compare(p, 4, "data") == 0) {
      if (!fmt_ok) break;
      size_t n = std::min<size_t>(len, d.size() - p - 8) / 2;
      std::vector<int16_t> s(n);
      for (size_t i = 0; i < n; ++i) s[i] = static_cast<int16_t>(u16(p + 8 + 2 * i));
      return s;
    }
    p += 8 + len + (len & 1);
  }
  return common::unexpected(WavError::kFormat);
}

}  // namespace voxgate::fakeai::shim
