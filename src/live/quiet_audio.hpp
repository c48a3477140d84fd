#pragma once
// Whether an output audio delta is silence. GPT-Live's output is one
// continuous stream at playback pace, silence included (PROTOCOLS-LIVE 5):
// between the agent's turns it carries quiet audio. That quiet must not open
// a turn of its own, or the core would always see the agent speaking and a
// hang-up or transfer waiting for "the last audio" would wait for its cap
// (BEHAVIOUR 4). Pure.

#include <string_view>

#include "live/session_start.hpp"

namespace voxgate::live {

// Every sample at most this far from zero (16-bit PCM units, about -60 dBFS)
// counts as silence: below what a phone line carries audibly.
inline constexpr int kQuietSampleMax = 32;

// True when `delta_b64` decodes to samples of `format` that are all within
// kQuietSampleMax of zero; false for speech and for anything undecodable
// (audio that cannot be judged is treated as audio).
bool quiet_audio(std::string_view delta_b64, const AudioFormat& format);

}  // namespace voxgate::live
