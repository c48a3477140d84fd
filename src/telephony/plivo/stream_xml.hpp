#pragma once
// The Plivo XML answer for Plivo's answer URL (PROTOCOLS.md "Plivo Audio
// Streams"; Plivo's <Stream> XML reference): a bidirectional stream in the
// 8 kHz mu-law this folder's caller leg carries, kept alive for the call
// (keepCallAlive: the call waits on the stream instead of running on to the
// end of the document and hanging up). Stateless; safe on any thread.

#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::plivo {

// <Response><Stream bidirectional="true" keepCallAlive="true"
// contentType="audio/x-mulaw;rate=8000" extraHeaders="k=v,k=v">WS_URL</Stream>
// </Response>. The pairs come back in the start's extra headers
// (parse_extra_headers); names and values must not hold ',', ';' or '='.
// With `after_url`, a <Redirect> to it follows the <Stream>: when the stream
// ends the call runs on to it, and that request asks voxgate how the call
// goes on (a transfer).
std::string stream_xml(std::string_view ws_url, const Parameters& extra_headers,
                       std::string_view after_url = {});

// What the continuation answers: <Dial> the target (a number as <Number>
// without its '+', Plivo's form; a SIP URI as <User>), or <Hangup/>.
std::string dial_xml(std::string_view target);
std::string hangup_xml();

}  // namespace voxgate::telephony::plivo
