#pragma once
// Byte counts of base64 audio payloads without decoding them: the call core
// only needs how much audio a payload holds. The call's format says how many
// bytes a millisecond is (audio::Format::bytes_per_ms); 8 kHz G.711, the
// default, is 8 bytes per ms.
// Hand-written (two lines) so the call core does not depend on the audio codec.

#include <cstdint>
#include <string_view>

namespace voxgate::call {

inline constexpr int64_t kMulawBytesPerMs = 8;

// Decoded size of a base64 text: 3 bytes per 4 characters minus padding.
inline int64_t base64_decoded_size(std::string_view b64) {
  auto n = static_cast<int64_t>(b64.size());
  int64_t pad = 0;
  if (n >= 1 && b64[n - 1] == '=') ++pad;
  if (n >= 2 && b64[n - 2] == '=') ++pad;
  int64_t bytes = n * 3 / 4 - pad;
  return bytes < 0 ? 0 : bytes;
}

inline int64_t mulaw_bytes_to_ms(int64_t bytes) {
  return bytes / kMulawBytesPerMs;
}

inline int64_t bytes_to_ms(int64_t bytes, int64_t bytes_per_ms) {
  return bytes / bytes_per_ms;
}

}  // namespace voxgate::call
