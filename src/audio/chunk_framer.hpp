#pragma once
// ChunkFramer: re-chunks outbound audio for a carrier that plays only chunks
// of whole granules within a size window (Exotel: multiples of 320 bytes,
// 3.2 KB to 100 KB; PROTOCOLS.md "Exotel Voicebot / AgentStream"). Audio is
// held until a chunk of at least `min` is ready; the rest of a response is
// padded with silence to a whole, long enough chunk before a mark, so the
// mark still follows every byte it covers. Sizes are in bytes of the audio
// pushed (the call's 8 kHz mu-law: 8 per ms). Owned by one call; used on its
// strand only.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "audio/framer.hpp"

namespace voxgate::audio {

// G.711 mu-law's code for a zero sample (ITU-T G.711: 0xFF encodes +0).
inline constexpr uint8_t kUlawSilence = 0xFF;

struct ChunkRule {
  size_t granule = 160;  // every chunk a whole number of these
  size_t min = 160;      // no chunk shorter (a multiple of granule)
  size_t max = 8000;     // no chunk longer (a multiple of granule, >= min)
};

class ChunkFramer {
 public:
  explicit ChunkFramer(ChunkRule rule);

  void push(std::span<const uint8_t> bytes);
  // Replaces chunk's content with the next chunk (whole granules, at most
  // max) once at least min is pending; false otherwise.
  bool pop(std::vector<uint8_t>& chunk);
  // Like pop(), but also takes a tail shorter than min, padded with `silence`
  // up to whole granules and at least min; false when nothing is pending.
  bool pop_rest(std::vector<uint8_t>& chunk, uint8_t silence);
  void clear() { pending_.clear(); }
  size_t pending() const { return pending_.pending(); }
  const ChunkRule& rule() const { return rule_; }

 private:
  ChunkRule rule_;
  Framer pending_;  // framed by granule
};

}  // namespace voxgate::audio
