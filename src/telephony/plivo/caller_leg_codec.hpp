#pragma once
// Plivo Audio Streams as a caller leg (telephony/caller_leg.hpp; PROTOCOLS.md
// "Plivo Audio Streams"; Plivo's audio streaming message reference). JSON
// text frames: in start, media, dtmf, playedStream (a checkpoint was
// reached), clearedAudio, stop; out playAudio, checkpoint (the mark),
// clearAudio. Audio is mu-law 8 kHz, the contentType voxgate's answer asks
// for; a stream set up as audio/x-l16 at 8, 16 or 24 kHz (the user's own
// <Stream>) is converted to and from the call's format by the cheapest path
// (audio/wire_pcm.hpp), or passes untouched when the call carries it.
//
// One per call; used on the call's strand. Only this folder names Plivo's
// message shapes.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "audio/wire_pcm.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::plivo {

class CallerLegCodec final : public CallerCodec {
 public:
  const CallerLegTraits& traits() const override;
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override;
  std::string play(std::string_view payload_b64) const override;
  std::string mark(std::string_view name) const override;
  std::string clear() const override;
  bool use_call_format(const AudioFormat& wire, const AudioFormat& call) override;
  // Closing the WebSocket ends the <Stream>; the answer document hangs up
  // after it.
  std::optional<std::string> hang_up() const override { return std::nullopt; }

 private:
  std::string stream_id_;  // from the first start; checkpoint and clearAudio name it
  // An audio/x-l16 stream's converter (nullopt for mu-law); mutable because
  // play() is const in the codec interface while its filter carries state.
  mutable std::optional<audio::WirePcm> wire_;
  bool convert_ = false;  // the stream's PCM is not the call's format
};

std::unique_ptr<CallerCodec> make_caller_codec();

// Plivo's extra headers as they reach the start: "k=v;k=v" (a comma also
// separates, as in the <Stream extraHeaders> attribute). Pairs without '='
// are skipped.
Parameters parse_extra_headers(std::string_view text);

}  // namespace voxgate::telephony::plivo
