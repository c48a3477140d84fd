#include "audio/g711.hpp"

#include <algorithm>
#include <array>

// spandsp's inline G.711 routines (global C names); wrapped so callers never
// see the C header and its macros.
#include <spandsp/telephony.h>
// telephony.h first: it defines what bit_operations.h and g711.h use.
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>

namespace voxgate::audio {
namespace {

// Decoding is a 256-entry lookup (512 bytes, stays in L1 on the media path);
// the tables are filled from spandsp so the values are the library's.
template <int16_t (*kDecode)(uint8_t)>
std::array<int16_t, 256> make_table() {
  std::array<int16_t, 256> table{};
  for (int i = 0; i < 256; ++i) table[i] = kDecode(static_cast<uint8_t>(i));
  return table;
}

const std::array<int16_t, 256>& ulaw_table() {
  static const auto table = make_table<::ulaw_to_linear>();
  return table;
}

const std::array<int16_t, 256>& alaw_table() {
  static const auto table = make_table<::alaw_to_linear>();
  return table;
}

}  // namespace

uint8_t linear_to_ulaw(int16_t sample) {
  return ::linear_to_ulaw(sample);
}
int16_t ulaw_to_linear(uint8_t code) {
  return ::ulaw_to_linear(code);
}
uint8_t linear_to_alaw(int16_t sample) {
  return ::linear_to_alaw(sample);
}
int16_t alaw_to_linear(uint8_t code) {
  return ::alaw_to_linear(code);
}

void ulaw_decode(std::span<const uint8_t> in, std::span<int16_t> out) {
  const auto& table = ulaw_table();
  const size_t n = std::min(in.size(), out.size());
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

void ulaw_encode(std::span<const int16_t> in, std::span<uint8_t> out) {
  const size_t n = std::min(in.size(), out.size());
  for (size_t i = 0; i < n; ++i) out[i] = ::linear_to_ulaw(in[i]);
}

void alaw_decode(std::span<const uint8_t> in, std::span<int16_t> out) {
  const auto& table = alaw_table();
  const size_t n = std::min(in.size(), out.size());
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

void alaw_encode(std::span<const int16_t> in, std::span<uint8_t> out) {
  const size_t n = std::min(in.size(), out.size());
  for (size_t i = 0; i < n; ++i) out[i] = ::linear_to_alaw(in[i]);
}

bool pcm16le_to_ulaw(std::string_view pcm, std::vector<uint8_t>& out) {
  if (pcm.size() % 2 != 0) return false;
  out.resize(pcm.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto lo = static_cast<uint16_t>(static_cast<uint8_t>(pcm[2 * i]));
    const auto hi = static_cast<uint16_t>(static_cast<uint8_t>(pcm[2 * i + 1]));
    out[i] = ::linear_to_ulaw(static_cast<int16_t>(lo | (hi << 8)));
  }
  return true;
}

void ulaw_to_pcm16le(std::span<const uint8_t> ulaw, std::string& out) {
  const auto& table = ulaw_table();
  out.resize(ulaw.size() * 2);
  for (size_t i = 0; i < ulaw.size(); ++i) {
    const auto v = static_cast<uint16_t>(table[ulaw[i]]);
    out[2 * i] = static_cast<char>(v & 0xFF);
    out[2 * i + 1] = static_cast<char>(v >> 8);
  }
}

}  // namespace voxgate::audio
