#pragma once
// Exotel Voicebot / AgentStream as a caller leg (telephony/caller_leg.hpp;
// PROTOCOLS.md "Exotel Voicebot / AgentStream"; Exotel's "Working with the
// Stream and Voicebot Applet"). JSON text frames: in connected, start, media,
// dtmf, mark, stop; out media, mark, clear. Ids are read as `stream_sid` (the
// docs) or `streamSid` (some bridges); counters and rates as numbers or
// digit strings.
//
// Audio: Exotel's default is base64 16-bit little-endian PCM at 8 kHz; its
// extended applet can send 8 kHz mu-law instead. The start reports the
// stream's format as it is; at admission the shell picks the call's format
// (audio/format.hpp): mu-law is carried as it is, PCM is converted to and
// from the call's format (audio/wire_pcm.hpp; G.711 alone for 8 kHz PCM to
// mu-law) or passes untouched when the call carries it as is. Exotel plays
// audio back only in chunks of whole 20 ms between 3.2 KB and 100 KB: the
// traits carry that rule and the shell re-chunks by it. Other rates are
// refused at admission.
//
// One per call; used on the call's strand. Only this folder names Exotel's
// message shapes.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "audio/wire_pcm.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::exotel {

class CallerLegCodec final : public CallerCodec {
 public:
  const CallerLegTraits& traits() const override;
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override;
  std::string play(std::string_view payload_b64) const override;
  std::string mark(std::string_view name) const override;
  std::string clear() const override;
  bool use_call_format(const AudioFormat& wire, const AudioFormat& call) override;
  // Closing the WebSocket ends the Voicebot applet; the call flow goes on to
  // the next applet (Exotel's docs: disconnect when the conversation is done).
  std::optional<std::string> hang_up() const override { return std::nullopt; }

 private:
  std::string stream_id_;  // from the first start; every message back names it
  bool convert_ = false;   // the stream's audio is converted to the call's
  // play() is const in the codec interface, but converting audio back to the
  // stream's rate carries filter state from chunk to chunk.
  mutable audio::WirePcm wire_;
};

std::unique_ptr<CallerCodec> make_caller_codec();

}  // namespace voxgate::telephony::exotel
