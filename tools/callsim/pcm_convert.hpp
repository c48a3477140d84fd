#pragma once
// 8 kHz mu-law <-> 16-bit little-endian linear PCM at 8 or 16 kHz, for the
// dialects whose carriers carry PCM (Exotel, Vonage, Plivo's audio/x-l16).
// callsim's audio source and playout work in 8 kHz mu-law; these convert at
// the dialect's edge. Plain functions, no state: any thread.
//
// 16 kHz: up by repeating each sample, down by averaging each pair. Crude
// filters, but the simulator only needs the right amount of audio at the
// right rate, not studio quality.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace voxgate::callsim {

// Appends `ulaw` as PCM16 LE bytes at `rate` (8000 or 16000).
void ulaw_to_pcm16le(std::span<const uint8_t> ulaw, int rate, std::string& out);

// Replaces `out` with the mu-law of PCM16 LE `pcm` at `rate`; false if `pcm`
// is not whole samples (whole sample pairs at 16 kHz).
bool pcm16le_to_ulaw(std::span<const uint8_t> pcm, int rate, std::vector<uint8_t>& out);

}  // namespace voxgate::callsim
