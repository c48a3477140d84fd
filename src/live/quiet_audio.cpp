#include "live/quiet_audio.hpp"

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::live {
namespace {

bool quiet_sample(int sample) {
  return std::abs(sample) <= kQuietSampleMax;
}

bool quiet_pcm16(const std::vector<uint8_t>& bytes) {
  if (bytes.size() % 2 != 0) return false;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    const auto s = static_cast<int16_t>(static_cast<uint16_t>(bytes[i] | (bytes[i + 1] << 8)));
    if (!quiet_sample(s)) return false;
  }
  return true;
}

template <typename Decode>
bool quiet_g711(const std::vector<uint8_t>& bytes, Decode decode) {
  for (const uint8_t b : bytes)
    if (!quiet_sample(decode(b))) return false;
  return true;
}

}  // namespace

bool quiet_audio(std::string_view delta_b64, const AudioFormat& format) {
  // Decoded once per delta (a 100 ms mu-law delta is 800 bytes); the
  // scratch buffer is kept per thread so no delta allocates after the first.
  thread_local std::vector<uint8_t> bytes;
  bytes.clear();
  if (!audio::base64_decode(delta_b64, bytes) || bytes.empty()) return false;
  if (format.type == "audio/pcmu") return quiet_g711(bytes, audio::ulaw_to_linear);
  if (format.type == "audio/pcma") return quiet_g711(bytes, audio::alaw_to_linear);
  return quiet_pcm16(bytes);
}

}  // namespace voxgate::live
