#pragma once
// Vonage Voice API WebSocket as a caller leg (telephony/caller_leg.hpp;
// PROTOCOLS.md "Vonage Voice API WebSocket"; Vonage's "WebSockets" guide).
// The first text frame, `websocket:connected`, names the content type and
// carries the NCCO endpoint's custom headers as top-level fields: it is the
// start (the stream token and the call's uuid travel among those headers).
// After it, audio both ways is binary 16-bit little-endian mono PCM in 20 ms
// frames; DTMF arrives as `websocket:dtmf`. Out, as text: {"action":"notify",
// "payload":{"mark":NAME}} (echoed as `websocket:notify` when playback
// reaches it: the mark) and {"action":"clear"} (answered by
// `websocket:cleared`). Vonage has no stop: the caller hangs up by closing.
//
// The start reports the stream's format as it is (audio/l16 at its rate).
// At admission the shell picks the call's format (audio/format.hpp): PCM at
// 8, 16 or 24 kHz is converted to and from it (audio/wire_pcm.hpp), or
// passes untouched when the call carries it as is. Audio back goes out in
// 20 ms frames at the stream's rate (the traits' chunk rule). Other formats
// are refused at admission.
//
// One per call; used on the call's strand. Only this folder names Vonage's
// message shapes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "audio/wire_pcm.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::vonage {

class CallerLegCodec final : public CallerCodec {
 public:
  // `fallback_id` names the call when the headers carry no uuid.
  explicit CallerLegCodec(std::string fallback_id) : fallback_id_(std::move(fallback_id)) {}

  const CallerLegTraits& traits() const override;
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override;
  common::Result<CallerEvent, BadMessage> parse_binary(std::string_view data) override;
  std::string play(std::string_view payload_b64) const override;
  std::string mark(std::string_view name) const override;
  std::string clear() const override;
  bool use_call_format(const AudioFormat& wire, const AudioFormat& call) override;
  // Closing the WebSocket ends this leg; the NCCO decides what follows.
  std::optional<std::string> hang_up() const override { return std::nullopt; }

 private:
  std::string fallback_id_;
  uint64_t samples_in_ = 0;  // for the media timestamps Vonage does not send
  std::string converted_;    // scratch: one frame in the call's format
  // play() is const in the codec interface, but converting audio back to the
  // stream's rate carries filter state from frame to frame.
  mutable audio::WirePcm wire_;
};

// A codec whose fallback call id is random ("VG" and 32 hex digits).
std::unique_ptr<CallerCodec> make_caller_codec();

// "audio/l16;rate=16000" -> {kLinear16, 16000}; other types -> kOther.
AudioFormat parse_content_type(std::string_view content_type);

}  // namespace voxgate::telephony::vonage
