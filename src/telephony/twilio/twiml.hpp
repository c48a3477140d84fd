#pragma once
// TwiML answer for the voice webhook and X-Twilio-Signature checking
// (PROTOCOLS.md "Twilio Media Streams"). Stateless; safe on any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace voxgate::telephony::twilio {

// <Response><Connect><Stream url=".."> with one <Parameter> per pair (they
// come back as the start event's customParameters). Attribute values are
// XML-escaped.
std::string connect_stream_twiml(
    std::string_view ws_url, const std::vector<std::pair<std::string, std::string>>& parameters);

// The same with <Connect action="ACTION_URL">, so Twilio requests
// ACTION_URL when the stream ends (transfer: answered with <Dial>).
std::string connect_stream_twiml(std::string_view ws_url,
                                 const std::vector<std::pair<std::string, std::string>>& parameters,
                                 std::string_view action_url);
// <Response><Dial><Number>+1..</Number></Dial></Response>, or <Sip> for a sip: target.
std::string dial_twiml(std::string_view target);
// <Response><Hangup/></Response>
std::string hangup_twiml();

// base64(HMAC-SHA1(auth_token, full_url + name1 + value1 + name2 + ...)) with
// the POST parameters sorted by name (then value, for repeated names).
std::string twilio_signature(std::string_view auth_token, std::string_view full_url,
                             std::vector<std::pair<std::string, std::string>> post_params);

// Constant-time comparison of the expected signature with the header value.
bool verify_twilio_signature(std::string_view auth_token, std::string_view full_url,
                             std::vector<std::pair<std::string, std::string>> post_params,
                             std::string_view header_value);

}  // namespace voxgate::telephony::twilio
