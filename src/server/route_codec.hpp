#pragma once
// What the media route knows and the stream's start may not say, put on the
// start before the shell sees it:
// - the carrier: the route's (one codec serves both Twilio and SignalWire);
// - the stream token from the URL (BEHAVIOUR 0): the answers that put it in
//   the stream URL's query (/answer/telnyx, /plivo, /exotel: answer_route.hpp)
//   have it back on the WebSocket upgrade even where the carrier does not copy
//   URL parameters into its start message. A start that carries no token of
//   its own takes the URL's; one that carries its own keeps it.
// The shell never sees the difference.
//
// One per media connection, used on its strand like the codec it wraps.

#include <memory>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::server {

// `carrier`: the route's carrier ("signalwire"); `target`: the upgrade
// request's target ("/media/telnyx?voxgate_stream_token=...").
std::unique_ptr<telephony::CallerCodec> with_route(std::unique_ptr<telephony::CallerCodec> inner,
                                                   std::string_view carrier,
                                                   std::string_view target);

}  // namespace voxgate::server
