#pragma once
// The NCCO answer for Vonage's answer webhook (PROTOCOLS.md "Vonage Voice API
// WebSocket"; Vonage's "WebSockets in the Vonage Voice API" and NCCO
// reference): one `connect` action to a `websocket` endpoint. Vonage copies
// the endpoint's `headers` into the first frame (websocket:connected), which
// is where this folder's caller leg reads the call's uuid and the stream
// token. Stateless; safe on any thread.

#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::vonage {

// [{"action":"connect","endpoint":[{"type":"websocket","uri":WS_URL,
//   "content-type":"audio/l16;rate=RATE","headers":{...}}]}]
// `rate` is 8000 or 16000 (anything else is written as 8000).
// With `after_url`, a `notify` action to it follows the connect: it runs
// when the WebSocket closes, and the NCCO voxgate answers it with replaces
// the rest (Vonage's "Track NCCO progress"), so a transfer can go on.
std::string connect_websocket_ncco(std::string_view ws_url, int rate, const Parameters& headers,
                                   std::string_view after_url = {});

// What the continuation answers: a `connect` to the target (a number as a
// `phone` endpoint in Vonage's form, digits without '+'; a SIP URI as a `sip`
// endpoint), or an empty NCCO (nothing left to do: the call ends).
std::string dial_ncco(std::string_view target);
std::string hangup_ncco();

}  // namespace voxgate::telephony::vonage
