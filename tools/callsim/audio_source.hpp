#pragma once
// AudioSource: the caller's voice, 160 mu-law bytes (20 ms) at a time: a
// looped WAV file, a tone, or silence. One per call; the WAV samples and the
// tone's loop are shared read-only between calls. Not thread-safe.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "callsim/options.hpp"

namespace voxgate::callsim {

class AudioSource {
 public:
  static constexpr size_t kFrameBytes = 160;
  using Frame = std::array<uint8_t, kFrameBytes>;

  // Loads the WAV of `opts` once; nullptr and `error` set if it cannot be used.
  static std::shared_ptr<const std::vector<uint8_t>> load(const SimOptions& opts,
                                                          std::string& error);

  AudioSource(const SimOptions& opts, std::shared_ptr<const std::vector<uint8_t>> wav_ulaw);

  void next(Frame& out);

 private:
  SourceKind kind_;
  std::shared_ptr<const std::vector<uint8_t>> wav_;  // the WAV, or the tone's loop
  size_t pos_ = 0;
};

}  // namespace voxgate::callsim
