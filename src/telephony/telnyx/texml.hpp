#pragma once
// The TeXML answer for Telnyx's voice webhook (PROTOCOLS.md "Telnyx Media
// Streaming"; Telnyx's TeXML <Stream> reference): connect the call to a
// bidirectional media stream. Without bidirectionalMode="rtp" Telnyx drops
// the audio sent back; bidirectionalCodec="PCMU" is the codec this folder's
// caller leg carries. Stateless; safe on any thread.

#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::telnyx {

// <Response><Connect><Stream url=".." bidirectionalMode="rtp"
// bidirectionalCodec="PCMU"> with one <Parameter> per pair (they come back
// as the start's custom_parameters). Attribute values are XML-escaped.
// With `after_url`, a <Redirect method="POST"> to it follows the <Connect>:
// TeXML's <Connect> is synchronous and the next verb runs when the stream
// ends, so that request asks voxgate how the call goes on (a transfer).
std::string connect_stream_texml(std::string_view ws_url, const Parameters& parameters,
                                 std::string_view after_url = {});

// What the continuation answers: <Dial> the target (a number, or a SIP URI
// as <Sip>), or <Hangup/>. TeXML's verbs here are TwiML's (Telnyx's TeXML
// and TwiML compatibility table).
std::string dial_texml(std::string_view target);
std::string hangup_texml();

}  // namespace voxgate::telephony::telnyx
