#include "audio/wire_pcm.hpp"

#include <algorithm>

#include "audio/g711.hpp"

namespace voxgate::audio {
namespace {
// speexdsp's VoIP quality (its own default): ample for narrowband speech.
constexpr int kQuality = 3;

int16_t sample_at(std::string_view pcm, size_t i) {
  const auto lo = static_cast<uint16_t>(static_cast<uint8_t>(pcm[2 * i]));
  const auto hi = static_cast<uint16_t>(static_cast<uint8_t>(pcm[2 * i + 1]));
  return static_cast<int16_t>(lo | (hi << 8));
}

void append_le(std::span<const int16_t> samples, std::string& out) {
  for (const int16_t s : samples) {
    const auto v = static_cast<uint16_t>(s);
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
  }
}
}  // namespace

WirePcm::WirePcm(int wire_rate) : wire_rate_(supports(wire_rate) ? wire_rate : kCallRate) {
  if (wire_rate_ != kCallRate) {
    down_.emplace(wire_rate_, kCallRate, kQuality);
    up_.emplace(kCallRate, wire_rate_, kQuality);
  }
}

bool WirePcm::to_ulaw(std::string_view pcm, std::vector<uint8_t>& ulaw) {
  if (!down_) return pcm16le_to_ulaw(pcm, ulaw);
  if (pcm.size() % 2 != 0) return false;
  samples_.resize(pcm.size() / 2);
  for (size_t i = 0; i < samples_.size(); ++i) samples_[i] = sample_at(pcm, i);
  narrow_.clear();
  down_->process(samples_, narrow_);
  ulaw.resize(narrow_.size());
  ulaw_encode(narrow_, ulaw);
  return true;
}

void WirePcm::from_ulaw(std::span<const uint8_t> ulaw, std::string& pcm) {
  pcm.clear();
  if (!up_) return ulaw_to_pcm16le(ulaw, pcm);
  samples_.resize(ulaw.size());
  ulaw_decode(ulaw, samples_);
  up_->process(samples_, pending_);
  const size_t want = ulaw.size() * static_cast<size_t>(wire_rate_) / kCallRate;
  // The resampler skips its start-up zeros, so the first outputs run short:
  // silence in front keeps every frame whole.
  if (pending_.size() < want) pending_.insert(pending_.begin(), want - pending_.size(), 0);
  pcm.reserve(want * 2);
  append_le(std::span<const int16_t>(pending_.data(), want), pcm);
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(want));
}

}  // namespace voxgate::audio
