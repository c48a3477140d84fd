#pragma once
// Twilio Media Streams as a caller leg (telephony/caller_leg.hpp): the
// first CallerCodec, over the Twilio JSON codec (codec.hpp). One per call;
// used on the call's strand. Only this folder names Twilio's message types.

#include <memory>
#include <string>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::twilio {

class CallerLegCodec final : public CallerCodec {
 public:
  const CallerLegTraits& traits() const override;
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override;
  std::string play(std::string_view payload_b64) const override;
  std::string mark(std::string_view name) const override;
  std::string clear() const override;
  // Twilio has no hang-up message: closing the WebSocket ends the <Stream>.
  std::optional<std::string> hang_up() const override { return std::nullopt; }

 private:
  std::string stream_sid_;  // from the first start; every outbound message names it
};

std::unique_ptr<CallerCodec> make_caller_codec();

}  // namespace voxgate::telephony::twilio
