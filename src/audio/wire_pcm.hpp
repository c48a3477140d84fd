#pragma once
// WirePcm: a carrier's 16-bit little-endian PCM (Vonage, Exotel) to and from
// the call's format (audio/format.hpp): 8 kHz mu-law, or 16-bit PCM at 8, 16
// or 24 kHz. The cheapest conversion is made: none when the call carries the
// carrier's PCM as is (passthrough), G.711 alone between 8 kHz PCM and
// mu-law, one speexdsp resampling between PCM rates (ARCHITECTURE.md:
// speexdsp for rate conversion), and a resampling then G.711 from wide-band
// PCM to mu-law.
//
// Owner: one call's caller-leg codec. Holds both directions' filter state,
// so consecutive 20 ms frames join without clicks. Not thread-safe: used on
// the call's strand only.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audio/format.hpp"
#include "audio/resampler.hpp"

namespace voxgate::audio {

class WirePcm {
 public:
  static constexpr int kCallRate = 8000;
  // The rates a carrier may stream that this converts; others are refused
  // at admission (the codec reports them as they are).
  static bool supports(int wire_rate) {
    return wire_rate == 8000 || wire_rate == 16000 || wire_rate == 24000;
  }
  // The call formats this converts to: 8 kHz mu-law, mono PCM16 at a
  // supported rate.
  static bool converts_to(const Format& call) {
    return call == kPhoneMulaw || (call.encoding == Encoding::kLinear16 && call.channels == 1 &&
                                   supports(call.sample_rate));
  }

  // wire_rate must be supported (else 8000 is used), and `call` converted
  // to (else 8 kHz mu-law is used).
  explicit WirePcm(int wire_rate = kCallRate, Format call = kPhoneMulaw);
  // Admission for a carrier streaming PCM: a converter when `wire` is mono
  // 16-bit PCM at a supported rate and `call` a format converted to; nullopt
  // refuses the stream.
  static std::optional<WirePcm> for_stream(const Format& wire, const Format& call);

  int wire_rate() const { return wire_rate_; }
  const Format& call() const { return call_; }
  // The call carries the carrier's PCM as is: the bytes pass untouched.
  bool passthrough() const { return call_ == pcm16(wire_rate_); }

  // The carrier's PCM bytes to the call's format, replacing `out`. False for
  // an odd byte count (a partial sample).
  bool to_call(std::string_view pcm, std::string& out);
  // The call's bytes to the carrier's PCM, replacing `pcm`: exactly as many
  // samples as the same stretch of time at the carrier's rate, so a 20 ms
  // chunk stays a 20 ms frame (Vonage plays whole 20 ms frames). A
  // resampler's start-up delay is paid once, as leading silence in the
  // first frames.
  void from_call(std::span<const uint8_t> call, std::string& pcm);

  // to_call and from_call on base64 payloads (the JSON carriers: Exotel,
  // Plivo). to_call_b64 replaces the payload; false for bad base64 or an odd
  // byte count. from_call_b64 gives "" for bad base64.
  bool to_call_b64(std::string& payload_b64);
  std::string from_call_b64(std::string_view payload_b64);

  // The same for a mu-law call (the local agent's 8 kHz audio).
  bool to_ulaw(std::string_view pcm, std::vector<uint8_t>& ulaw);
  void from_ulaw(std::span<const uint8_t> ulaw, std::string& pcm) { from_call(ulaw, pcm); }

 private:
  // The call's audio as samples at the call's rate, in samples_.
  bool wire_to_samples(std::string_view pcm);

  int wire_rate_;
  Format call_;
  std::optional<Resampler> down_;  // wire -> call rate
  std::optional<Resampler> up_;    // call rate -> wire
  std::vector<int16_t> samples_;   // scratch, reused per frame
  std::vector<int16_t> narrow_;    // scratch: resampled audio
  std::vector<int16_t> pending_;   // upsampled audio not yet sent
  std::vector<uint8_t> bytes_;     // scratch: a base64 payload decoded
  std::string text_;               // scratch: its conversion
};

}  // namespace voxgate::audio
