#include "agent/ulaw.hpp"

// spandsp's g711.h needs its basic types and top_bit() declared first.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace voxgate::agent {

std::vector<int16_t> ulaw_to_pcm(std::span<const uint8_t> ulaw) {
  std::vector<int16_t> out(ulaw.size());
  for (size_t i = 0; i < ulaw.size(); ++i) out[i] = ::ulaw_to_linear(ulaw[i]);
  return out;
}

std::vector<uint8_t> pcm_to_ulaw(std::span<const int16_t> pcm) {
  std::vector<uint8_t> out(pcm.size());
  for (size_t i = 0; i < pcm.size(); ++i) out[i] = ::linear_to_ulaw(pcm[i]);
  return out;
}

}  // namespace voxgate::agent
