#include "audio/wire_pcm.hpp"

#include <algorithm>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/pcm16le.hpp"

namespace voxgate::audio {
namespace {
// speexdsp's VoIP quality (its own default): ample for speech.
constexpr int kQuality = 3;

}  // namespace

WirePcm::WirePcm(int wire_rate, Format call)
    : wire_rate_(supports(wire_rate) ? wire_rate : kCallRate),
      call_(converts_to(call) ? call : kPhoneMulaw) {
  if (wire_rate_ != call_.sample_rate) {
    down_.emplace(wire_rate_, call_.sample_rate, kQuality);
    up_.emplace(call_.sample_rate, wire_rate_, kQuality);
  }
}

std::optional<WirePcm> WirePcm::for_stream(const Format& wire, const Format& call) {
  if (wire.encoding != Encoding::kLinear16 || wire.channels != 1 || !supports(wire.sample_rate) ||
      !converts_to(call)) {
    return std::nullopt;
  }
  return WirePcm(wire.sample_rate, call);
}

// Both reuse the converter's byte scratch: a frame's only allocation is the
// base64 string it returns.
bool WirePcm::to_call_b64(std::string& payload_b64) {
  if (!base64_decode(payload_b64, bytes_)) return false;
  if (!to_call(std::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()),
               text_)) {
    return false;
  }
  payload_b64 = base64_encode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text_.data()), text_.size()));
  return true;
}

std::string WirePcm::from_call_b64(std::string_view payload_b64) {
  if (!base64_decode(payload_b64, bytes_)) return {};
  from_call(bytes_, text_);
  return base64_encode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text_.data()), text_.size()));
}

bool WirePcm::wire_to_samples(std::string_view pcm) {
  if (pcm.size() % 2 != 0) return false;
  if (!down_) {
    pcm16le_to_samples(pcm, samples_);
    return true;
  }
  pcm16le_to_samples(pcm, narrow_);
  samples_.clear();
  down_->process(narrow_, samples_);
  return true;
}

bool WirePcm::to_call(std::string_view pcm, std::string& out) {
  out.clear();
  if (pcm.size() % 2 != 0) return false;
  if (passthrough()) {
    out.assign(pcm);
    return true;
  }
  if (!wire_to_samples(pcm)) return false;
  if (call_.encoding == Encoding::kLinear16) {
    out.reserve(samples_.size() * 2);
    append_pcm16le(samples_, out);
    return true;
  }
  out.resize(samples_.size());
  ulaw_encode(samples_, std::span(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  return true;
}

bool WirePcm::to_ulaw(std::string_view pcm, std::vector<uint8_t>& ulaw) {
  if (!down_) return pcm16le_to_ulaw(pcm, ulaw);
  if (!wire_to_samples(pcm)) return false;
  ulaw.resize(samples_.size());
  ulaw_encode(samples_, ulaw);
  return true;
}

void WirePcm::from_call(std::span<const uint8_t> call, std::string& pcm) {
  pcm.clear();
  if (passthrough()) {
    pcm.assign(reinterpret_cast<const char*>(call.data()), call.size());
    return;
  }
  const bool linear = call_.encoding == Encoding::kLinear16;
  if (!up_ && !linear) return ulaw_to_pcm16le(call, pcm);
  if (linear) {
    pcm16le_to_samples(call, samples_);
  } else {
    samples_.resize(call.size());
    ulaw_decode(call, samples_);
  }
  up_->process(samples_, pending_);
  const size_t want =
      samples_.size() * static_cast<size_t>(wire_rate_) / static_cast<size_t>(call_.sample_rate);
  // The resampler skips its start-up zeros, so the first outputs run short:
  // silence in front keeps every frame whole.
  if (pending_.size() < want) pending_.insert(pending_.begin(), want - pending_.size(), 0);
  pcm.reserve(want * 2);
  append_pcm16le(std::span<const int16_t>(pending_.data(), want), pcm);
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(want));
}

}  // namespace voxgate::audio
