#pragma once
// LiveAudio: one GPT-Live session's audio format (PROTOCOLS-LIVE 4: one
// format both ways, audio/pcmu or audio/pcma at 8 kHz, audio/pcm PCM16LE at
// 16 or 24 kHz) onto the agent's own 8 kHz mu-law and back. mu-law passes
// through untouched; A-law is re-coded sample by sample; PCM is resampled
// (speexdsp, one filter per direction so consecutive chunks join cleanly).
//
// Owner: one LiveAgentSession. Not thread-safe (the session's strand).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audio/wire_pcm.hpp"

namespace voxgate::agent {

class LiveAudio {
 public:
  // `type`/`rate` as accepted by live::check_session_start.
  LiveAudio(std::string type, int rate);

  // Caller audio in the session's format -> 8 kHz mu-law. False on a PCM
  // payload with an odd byte count (the chunk is dropped).
  bool to_ulaw8k(std::string_view in, std::vector<uint8_t>& out);
  // The agent's 8 kHz mu-law -> the session's format.
  std::string from_ulaw8k(std::span<const uint8_t> ulaw);

 private:
  std::string type_;
  int rate_;
  std::optional<audio::WirePcm> pcm_;  // audio/pcm only
};

}  // namespace voxgate::agent
