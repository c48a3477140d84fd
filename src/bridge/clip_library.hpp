#pragma once
// Pre-rendered audio the shell plays without the AI (BEHAVIOUR §5: the
// holding prompt while reconnecting, the fallback message when the AI leg is
// gone). Loaded once at start-up from WAV files named in config, kept as
// base64 chunks ready to send in every format a call may carry
// (audio/format.hpp): 8 kHz mu-law, and 16-bit PCM at 8, 16 and 24 kHz
// (resampled once here with speexdsp, never on a call's path). Immutable
// after load: shared by every call on any thread.

#include <array>
#include <string>
#include <vector>

#include "audio/format.hpp"
#include "call/call_event.hpp"
#include "common/result.hpp"

namespace voxgate::bridge {

struct Clip {
  std::vector<std::string> chunks_b64;  // 100 ms each (the last may be shorter)
  double seconds = 0;
};

class ClipLibrary {
 public:
  // Loads both clips; an error names the file and what is wrong with it.
  static common::Result<ClipLibrary, std::string> load(const std::string& holding_wav,
                                                       const std::string& fallback_wav);
  // Builds a clip from mu-law bytes (tests, generated tones).
  static Clip from_ulaw(const std::vector<uint8_t>& ulaw);
  // The same audio as 16-bit little-endian PCM at `rate` (8, 16 or 24 kHz).
  static Clip pcm_from_ulaw(const std::vector<uint8_t>& ulaw, int rate);

  // The clip in mu-law, the default call format.
  const Clip& get(call::Clip which) const { return get(which, audio::kPhoneMulaw); }
  // The clip in the call's format; mu-law for a format no clip is kept in.
  const Clip& get(call::Clip which, const audio::Format& format) const;

 private:
  // 8 kHz mu-law, then PCM16 at kPcmRates.
  static constexpr std::array<int, 3> kPcmRates = {8000, 16000, 24000};
  using Variants = std::array<Clip, 1 + kPcmRates.size()>;
  static Variants variants(const std::vector<uint8_t>& ulaw);

  Variants holding_;
  Variants fallback_;
};

}  // namespace voxgate::bridge
