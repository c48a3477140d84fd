#include "server/media_routes.hpp"

#include "telephony/exotel/caller_leg_codec.hpp"
#include "telephony/plivo/caller_leg_codec.hpp"
#include "telephony/telnyx/caller_leg_codec.hpp"
#include "telephony/twilio/caller_leg_codec.hpp"
#include "telephony/vonage/caller_leg_codec.hpp"

namespace voxgate::server {
namespace {

const MediaRoute kRoutes[] = {
    {"/media/twilio", "twilio", &telephony::twilio::make_caller_codec},
    // SignalWire speaks Twilio's Media Streams protocol (PROTOCOLS.md).
    {"/media/signalwire", "signalwire", &telephony::twilio::make_caller_codec},
    {"/media/telnyx", "telnyx", &telephony::telnyx::make_caller_codec},
    {"/media/plivo", "plivo", &telephony::plivo::make_caller_codec},
    {"/media/exotel", "exotel", &telephony::exotel::make_caller_codec},
    {"/media/vonage", "vonage", &telephony::vonage::make_caller_codec},
    // The first media path, in every TwiML already handed out: stays Twilio.
    {"/media", "twilio", &telephony::twilio::make_caller_codec},
};

}  // namespace

std::span<const MediaRoute> media_routes() {
  return kRoutes;
}

const MediaRoute* media_route(std::string_view path) {
  for (const auto& r : kRoutes) {
    if (r.path == path) return &r;
  }
  return nullptr;
}

}  // namespace voxgate::server
