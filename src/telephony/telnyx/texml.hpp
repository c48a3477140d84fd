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
std::string connect_stream_texml(std::string_view ws_url, const Parameters& parameters);

}  // namespace voxgate::telephony::telnyx
