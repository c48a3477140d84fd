#pragma once
// 16-bit little-endian PCM bytes to and from samples: the byte order the
// carriers' PCM (Vonage, Exotel), Realtime's and GPT-Live's audio/pcm and WAV
// files share. Stateless inline functions; any thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::audio {

// Replaces `out` with the whole samples in `bytes` (an odd last byte is left).
inline void pcm16le_to_samples(std::span<const uint8_t> bytes, std::vector<int16_t>& out) {
  out.resize(bytes.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<int16_t>(static_cast<uint16_t>(bytes[2 * i]) |
                                  static_cast<uint16_t>(bytes[2 * i + 1] << 8));
  }
}

inline void pcm16le_to_samples(std::string_view bytes, std::vector<int16_t>& out) {
  pcm16le_to_samples({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, out);
}

// Appends `samples` to `out` as 16-bit little-endian bytes.
inline void append_pcm16le(std::span<const int16_t> samples, std::string& out) {
  out.reserve(out.size() + samples.size() * 2);
  for (const int16_t s : samples) {
    const auto v = static_cast<uint16_t>(s);
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
  }
}

}  // namespace voxgate::audio
