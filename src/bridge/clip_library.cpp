#include "bridge/clip_library.hpp"

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/pcm16le.hpp"
#include "audio/resampler.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::bridge {
namespace {

constexpr int kChunkMs = 100;

// Cuts `bytes` into kChunkMs chunks of base64 at `bytes_per_ms`.
Clip chunked(std::span<const uint8_t> bytes, size_t bytes_per_ms) {
  const size_t chunk = kChunkMs * bytes_per_ms;
  Clip clip;
  for (size_t off = 0; off < bytes.size(); off += chunk) {
    clip.chunks_b64.push_back(
        audio::base64_encode(bytes.subspan(off, std::min(chunk, bytes.size() - off))));
  }
  clip.seconds = static_cast<double>(bytes.size()) / static_cast<double>(bytes_per_ms * 1000);
  return clip;
}

common::Result<std::vector<uint8_t>, std::string> load_one(const std::string& path) {
  auto pcm = audio::read_wav_mono8k(path);
  if (!pcm) {
    return common::unexpected("cannot load clip '" + path +
                              "': " + std::string(audio::to_string(pcm.error())) +
                              " (expected an 8 kHz mono WAV, PCM16 or mu-law)");
  }
  std::vector<uint8_t> ulaw(pcm->size());
  audio::ulaw_encode(*pcm, ulaw);
  if (ulaw.empty()) return common::unexpected("clip '" + path + "' holds no audio");
  return ulaw;
}

}  // namespace

Clip ClipLibrary::from_ulaw(const std::vector<uint8_t>& ulaw) {
  return chunked(ulaw, static_cast<size_t>(audio::kPhoneMulaw.bytes_per_ms()));
}

Clip ClipLibrary::pcm_from_ulaw(const std::vector<uint8_t>& ulaw, int rate) {
  std::vector<int16_t> narrow(ulaw.size());
  audio::ulaw_decode(ulaw, narrow);
  std::vector<int16_t> wide;
  if (rate == 8000) {
    wide = std::move(narrow);
  } else {
    audio::Resampler up(8000, rate);
    up.process(narrow, wide);
    up.flush(wide);
    wide.resize(ulaw.size() * static_cast<size_t>(rate) / 8000, 0);  // the clip's own length
  }
  std::string pcm;
  audio::append_pcm16le(wide, pcm);
  const auto* bytes = reinterpret_cast<const uint8_t*>(pcm.data());
  return chunked({bytes, pcm.size()}, static_cast<size_t>(audio::pcm16(rate).bytes_per_ms()));
}

ClipLibrary::Variants ClipLibrary::variants(const std::vector<uint8_t>& ulaw) {
  Variants v;
  v[0] = from_ulaw(ulaw);
  for (size_t i = 0; i < kPcmRates.size(); ++i) v[i + 1] = pcm_from_ulaw(ulaw, kPcmRates[i]);
  return v;
}

const Clip& ClipLibrary::get(call::Clip which, const audio::Format& format) const {
  const Variants& v = which == call::Clip::kHolding ? holding_ : fallback_;
  if (format.encoding == audio::Encoding::kLinear16 && format.channels == 1) {
    for (size_t i = 0; i < kPcmRates.size(); ++i) {
      if (kPcmRates[i] == format.sample_rate) return v[i + 1];
    }
  }
  return v[0];
}

common::Result<ClipLibrary, std::string> ClipLibrary::load(const std::string& holding_wav,
                                                           const std::string& fallback_wav) {
  auto holding = load_one(holding_wav);
  if (!holding) return common::unexpected(holding.error());
  auto fallback = load_one(fallback_wav);
  if (!fallback) return common::unexpected(fallback.error());
  ClipLibrary lib;
  lib.holding_ = variants(*holding);
  lib.fallback_ = variants(*fallback);
  return lib;
}

}  // namespace voxgate::bridge
