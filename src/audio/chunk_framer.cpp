#include "audio/chunk_framer.hpp"

#include <algorithm>

namespace voxgate::audio {
namespace {

// A rule that cannot be met is made one that can: a granule of at least one
// byte, min and max whole granules, max >= min.
ChunkRule normalized(ChunkRule r) {
  r.granule = std::max<size_t>(r.granule, 1);
  const auto whole = [&](size_t n) { return std::max<size_t>(1, (n + r.granule - 1) / r.granule); };
  r.min = whole(r.min) * r.granule;
  r.max = std::max(whole(r.max) * r.granule, r.min);
  return r;
}

}  // namespace

ChunkFramer::ChunkFramer(ChunkRule rule) : rule_(normalized(rule)), pending_(rule_.granule) {}

void ChunkFramer::push(std::span<const uint8_t> bytes) {
  pending_.push(bytes);
}

bool ChunkFramer::pop(std::vector<uint8_t>& chunk) {
  if (pending_.pending() < rule_.min) return false;
  chunk.clear();
  std::vector<uint8_t> granule;
  while (chunk.size() < rule_.max && pending_.pop(granule)) {
    chunk.insert(chunk.end(), granule.begin(), granule.end());
  }
  return true;
}

bool ChunkFramer::pop_rest(std::vector<uint8_t>& chunk, uint8_t silence) {
  if (pop(chunk)) return true;
  if (pending_.pending() == 0) return false;
  chunk.clear();
  std::vector<uint8_t> granule;
  while (pending_.pop_partial(granule)) chunk.insert(chunk.end(), granule.begin(), granule.end());
  const size_t whole = (chunk.size() + rule_.granule - 1) / rule_.granule * rule_.granule;
  chunk.resize(std::max(whole, rule_.min), silence);
  return true;
}

}  // namespace voxgate::audio
