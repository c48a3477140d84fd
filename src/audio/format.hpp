#pragma once
// The audio a leg carries (encoding, rate, channels), and the one format a
// call carries between its carrier and its AI leg. The call core counts that
// format's bytes (bytes_per_ms); the carrier's codec converts its wire format
// to it at the edge, and the AI leg is asked for it in its own words.
//
// choose_call_format picks the cheapest path that keeps the carrier's
// quality (docs/architecture.md "Audio between the legs"): the carrier's
// format itself when the AI leg takes it (no conversion at all); for wide-band
// PCM the nearest PCM rate the AI leg takes at or above the carrier's (one
// resampling, nothing lost); else 8 kHz mu-law, the phone network's own
// format (G.711 alone at 8 kHz, which loses nothing a phone call had).
// Plain values; no thread affinity.

#include <cstdint>
#include <span>

namespace voxgate::audio {

enum class Encoding { kMulaw, kAlaw, kLinear16, kOther };

struct Format {
  Encoding encoding = Encoding::kMulaw;
  int sample_rate = 8000;
  int channels = 1;

  bool operator==(const Format&) const = default;

  // Bytes per millisecond of mono audio: 8 for 8 kHz G.711, 32 for 16 kHz
  // 16-bit PCM, 48 at 24 kHz; 0 for a format that is not a call format.
  int64_t bytes_per_ms() const {
    const int64_t bytes = encoding == Encoding::kLinear16                               ? 2
                          : encoding == Encoding::kMulaw || encoding == Encoding::kAlaw ? 1
                                                                                        : 0;
    return bytes * channels * sample_rate / 1000;
  }
};

// 8 kHz mu-law: what every call carried before formats were chosen, and
// what a call carries whenever the AI leg takes nothing better.
inline constexpr Format kPhoneMulaw{};

inline constexpr Format pcm16(int rate) {
  return {Encoding::kLinear16, rate, 1};
}

// `wire`: the carrier's stream as its start named it; `ai`: the formats the
// AI leg takes, both ways. See the header's comment for the rule.
inline Format choose_call_format(const Format& wire, std::span<const Format> ai) {
  for (const Format& f : ai) {
    if (f == wire) return wire;
  }
  if (wire.encoding == Encoding::kLinear16 && wire.channels == 1 && wire.sample_rate > 8000) {
    const Format* best = nullptr;
    for (const Format& f : ai) {
      if (f.encoding == Encoding::kLinear16 && f.sample_rate >= wire.sample_rate &&
          (best == nullptr || f.sample_rate < best->sample_rate)) {
        best = &f;
      }
    }
    if (best != nullptr) return *best;
  }
  return kPhoneMulaw;
}

}  // namespace voxgate::audio
