#pragma once
// Signal helpers shared by the agent tests.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "audio/g711.hpp"

namespace voxgate::agent::test {

inline std::vector<int16_t> tone(int rate, int ms, double hz, double amplitude = 8000.0) {
  const size_t n = static_cast<size_t>(rate) * static_cast<size_t>(ms) / 1000;
  std::vector<int16_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<int16_t>(
        amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate));
  }
  return out;
}

inline std::vector<int16_t> silence(int rate, int ms) {
  return std::vector<int16_t>(static_cast<size_t>(rate) * static_cast<size_t>(ms) / 1000, 0);
}

inline std::vector<int16_t> ulaw_to_pcm(const std::vector<uint8_t>& ulaw) {
  std::vector<int16_t> out(ulaw.size());
  audio::ulaw_decode(ulaw, out);
  return out;
}

inline double rms(const std::vector<int16_t>& s) {
  if (s.empty()) return 0.0;
  double acc = 0;
  for (int16_t v : s) acc += static_cast<double>(v) * v;
  return std::sqrt(acc / static_cast<double>(s.size()));
}

}  // namespace voxgate::agent::test
