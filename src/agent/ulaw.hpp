#pragma once
// Interim G.711 mu-law span helpers for the agent.
// TODO: use audio/g711.hpp (voxgate::audio::ulaw_decode / ulaw_encode) once
// the lead merges src/audio; until then this wraps spandsp's inline G.711
// (header-only, so no new link dependency) instead of hand-writing the codec.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace voxgate::agent {

std::vector<int16_t> ulaw_to_pcm(std::span<const uint8_t> ulaw);
std::vector<uint8_t> pcm_to_ulaw(std::span<const int16_t> pcm);

}  // namespace voxgate::agent
