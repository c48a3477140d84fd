#include "callsim/pcm_convert.hpp"

#include "audio/g711.hpp"

namespace voxgate::callsim {

namespace {
int16_t sample_at(std::span<const uint8_t> pcm, size_t i) {
  return int16_t(uint16_t(pcm[2 * i]) | uint16_t(pcm[2 * i + 1]) << 8);
}
}  // namespace

void ulaw_to_pcm16le(std::span<const uint8_t> ulaw, int rate, std::string& out) {
  const int repeat = rate == 16000 ? 2 : 1;
  out.reserve(out.size() + ulaw.size() * 2 * size_t(repeat));
  for (uint8_t code : ulaw) {
    const auto s = uint16_t(audio::ulaw_to_linear(code));
    for (int r = 0; r < repeat; ++r) {
      out.push_back(char(s & 0xff));
      out.push_back(char(s >> 8));
    }
  }
}

bool pcm16le_to_ulaw(std::span<const uint8_t> pcm, int rate, std::vector<uint8_t>& out) {
  const size_t per_out = rate == 16000 ? 2 : 1;  // input samples per output sample
  if (pcm.size() % (2 * per_out) != 0) return false;
  const size_t n = pcm.size() / (2 * per_out);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    int sum = 0;
    for (size_t k = 0; k < per_out; ++k) sum += sample_at(pcm, i * per_out + k);
    out[i] = audio::linear_to_ulaw(int16_t(sum / int(per_out)));
  }
  return true;
}

}  // namespace voxgate::callsim
