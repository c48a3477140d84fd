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
std::string connect_websocket_ncco(std::string_view ws_url, int rate, const Parameters& headers);

}  // namespace voxgate::telephony::vonage
