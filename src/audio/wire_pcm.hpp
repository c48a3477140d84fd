#pragma once
// WirePcm: a carrier's 16-bit little-endian PCM (Vonage, Exotel) to and from
// the call's 8 kHz mu-law. At 8 kHz it is G.711 alone; at 16 or 24 kHz the
// audio is resampled with speexdsp first (the phone network's audio is
// narrowband, so 8 kHz keeps what the caller said; ARCHITECTURE.md: speexdsp
// for rate conversion).
//
// Owner: one call's caller-leg codec. Holds both directions' filter state,
// so consecutive 20 ms frames join without clicks. Not thread-safe: used on
// the call's strand only.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audio/resampler.hpp"

namespace voxgate::audio {

class WirePcm {
 public:
  static constexpr int kCallRate = 8000;
  // The rates a carrier may stream that this converts; others are refused
  // at admission (the codec reports them as they are).
  static bool supports(int wire_rate) {
    return wire_rate == 8000 || wire_rate == 16000 || wire_rate == 24000;
  }

  // wire_rate must be supported (else 8000 is used).
  explicit WirePcm(int wire_rate = kCallRate);

  int wire_rate() const { return wire_rate_; }

  // The carrier's PCM bytes to mu-law at 8 kHz, appended to `ulaw` (cleared
  // first). False for an odd byte count (a partial sample).
  bool to_ulaw(std::string_view pcm, std::vector<uint8_t>& ulaw);

  // 8 kHz mu-law to the carrier's PCM bytes, exactly ulaw.size() * rate /
  // 8000 samples, so a 20 ms chunk stays a 20 ms frame (Vonage plays whole
  // 20 ms frames). The filter's start-up delay is paid once, as leading
  // silence in the first frames.
  void from_ulaw(std::span<const uint8_t> ulaw, std::string& pcm);

 private:
  int wire_rate_;
  std::optional<Resampler> down_;  // wire -> 8 kHz
  std::optional<Resampler> up_;    // 8 kHz -> wire
  std::vector<int16_t> samples_;   // scratch, reused per frame
  std::vector<int16_t> narrow_;    // scratch: downsampled audio
  std::vector<int16_t> pending_;   // upsampled audio not yet sent
};

}  // namespace voxgate::audio
