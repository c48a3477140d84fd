#pragma once
// Pre-rendered audio the shell plays without the AI (BEHAVIOUR §5: the
// holding prompt while reconnecting, the fallback message when the AI leg is
// gone). Loaded once at start-up from WAV files named in config, kept as
// base64 mu-law chunks ready to send. Immutable after load: shared by every
// call on any thread.

#include <string>
#include <vector>

#include "call/call_event.hpp"
#include "common/result.hpp"

namespace voxgate::bridge {

struct Clip {
  std::vector<std::string> chunks_b64;  // 100 ms of mu-law each (the last may be shorter)
  double seconds = 0;
};

class ClipLibrary {
 public:
  // Loads both clips; an error names the file and what is wrong with it.
  static common::Result<ClipLibrary, std::string> load(const std::string& holding_wav,
                                                       const std::string& fallback_wav);
  // Builds a clip from mu-law bytes (tests, generated tones).
  static Clip from_ulaw(const std::vector<uint8_t>& ulaw);

  const Clip& get(call::Clip which) const {
    return which == call::Clip::kHolding ? holding_ : fallback_;
  }

 private:
  Clip holding_;
  Clip fallback_;
};

}  // namespace voxgate::bridge
