#pragma once
// G.711 mu-law and A-law codecs (ITU-T G.711), scalar and span forms.
// Stateless free functions: safe on any thread. The caller leg is mu-law 8 kHz
// (PROTOCOLS.md "Twilio Media Streams"); A-law is here for SIP legs.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::audio {

uint8_t linear_to_ulaw(int16_t sample);
int16_t ulaw_to_linear(uint8_t code);
uint8_t linear_to_alaw(int16_t sample);
int16_t alaw_to_linear(uint8_t code);

// Span forms convert min(in.size(), out.size()) samples.
void ulaw_decode(std::span<const uint8_t> in, std::span<int16_t> out);
void ulaw_encode(std::span<const int16_t> in, std::span<uint8_t> out);
void alaw_decode(std::span<const uint8_t> in, std::span<int16_t> out);
void alaw_encode(std::span<const int16_t> in, std::span<uint8_t> out);

// Byte forms for carriers that stream 16-bit little-endian PCM (Exotel,
// Vonage). Replace out's content; pcm16le_to_ulaw is false on an odd count.
bool pcm16le_to_ulaw(std::string_view pcm, std::vector<uint8_t>& out);
void ulaw_to_pcm16le(std::span<const uint8_t> ulaw, std::string& out);

}  // namespace voxgate::audio
