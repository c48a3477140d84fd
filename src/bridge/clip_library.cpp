#include "bridge/clip_library.hpp"

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::bridge {
namespace {

constexpr size_t kChunkBytes = 800;  // 100 ms of 8 kHz mu-law

common::Result<Clip, std::string> load_one(const std::string& path) {
  auto pcm = audio::read_wav_mono8k(path);
  if (!pcm) {
    return common::unexpected("cannot load clip '" + path +
                              "': " + std::string(audio::to_string(pcm.error())) +
                              " (expected an 8 kHz mono WAV, PCM16 or mu-law)");
  }
  std::vector<uint8_t> ulaw(pcm->size());
  audio::ulaw_encode(*pcm, ulaw);
  if (ulaw.empty()) return common::unexpected("clip '" + path + "' holds no audio");
  return ClipLibrary::from_ulaw(ulaw);
}

}  // namespace

Clip ClipLibrary::from_ulaw(const std::vector<uint8_t>& ulaw) {
  Clip clip;
  for (size_t off = 0; off < ulaw.size(); off += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, ulaw.size() - off);
    clip.chunks_b64.push_back(audio::base64_encode(std::span(ulaw.data() + off, n)));
  }
  clip.seconds = static_cast<double>(ulaw.size()) / 8000.0;
  return clip;
}

common::Result<ClipLibrary, std::string> ClipLibrary::load(const std::string& holding_wav,
                                                           const std::string& fallback_wav) {
  auto holding = load_one(holding_wav);
  if (!holding) return common::unexpected(holding.error());
  auto fallback = load_one(fallback_wav);
  if (!fallback) return common::unexpected(fallback.error());
  ClipLibrary lib;
  lib.holding_ = std::move(*holding);
  lib.fallback_ = std::move(*fallback);
  return lib;
}

}  // namespace voxgate::bridge
