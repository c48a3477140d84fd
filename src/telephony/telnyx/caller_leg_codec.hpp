#pragma once
// Telnyx Media Streaming as a caller leg (telephony/caller_leg.hpp;
// PROTOCOLS.md "Telnyx Media Streaming"; Telnyx's "Stream call media over
// WebSocket" reference). JSON text frames: in connected, start, media, dtmf,
// mark, error, stop; out media, mark, clear. Audio is PCMU 8 kHz, the
// bidirectional RTP codec voxgate's answer asks for. Media frames may arrive
// out of order: MediaOrder puts them back in chunk order, so one frame can
// release several (next()).
//
// One per call; used on the call's strand. Only this folder names Telnyx's
// message shapes.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telephony/caller_leg.hpp"
#include "telephony/telnyx/media_order.hpp"

namespace voxgate::telephony::telnyx {

class CallerLegCodec final : public CallerCodec {
 public:
  const CallerLegTraits& traits() const override;
  common::Result<CallerEvent, BadMessage> parse(std::string_view frame) override;
  std::optional<CallerEvent> next() override;
  std::string play(std::string_view payload_b64) const override;
  std::string mark(std::string_view name) const override;
  std::string clear() const override;
  // Closing the WebSocket ends the <Stream>; the answer document hangs up
  // after it (TeXML runs on to <Hangup/>).
  std::optional<std::string> hang_up() const override { return std::nullopt; }

 private:
  common::Result<CallerEvent, BadMessage> ordered(uint64_t chunk, CallerMedia media);
  CallerEvent first_ready();

  MediaOrder order_;
  std::vector<CallerMedia> released_;  // scratch for MediaOrder
  std::deque<CallerEvent> ready_;      // released by the last frame, after the one returned
};

std::unique_ptr<CallerCodec> make_caller_codec();

}  // namespace voxgate::telephony::telnyx
