#pragma once
// Twilio Media Streams JSON codec (PROTOCOLS.md "Twilio Media Streams").
// Stateless free functions, safe on any thread; nothing here throws on bad
// input (STYLE.md "Errors"): parse errors come back as ParseError.
//
// voxgate side: parse_inbound() and the three serializers (hot path).
// Simulator side (tools/callsim plays Twilio): encode_inbound() and
// parse_outbound().

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "telephony/json_message.hpp"
#include "telephony/twilio/events.hpp"

namespace voxgate::telephony::twilio {

// The errors and the size limit every JSON dialect shares (json_message.hpp).
using telephony::kMaxMessageBytes;
using telephony::ParseError;
using telephony::to_string;

// Counters and timestamps are accepted as digit strings (Twilio's form) or
// JSON integers; the media payload must be strict base64 (not decoded here).
common::Result<InboundEvent, ParseError> parse_inbound(std::string_view text);

std::string media_message(std::string_view stream_sid, std::string_view payload_b64);
std::string mark_message(std::string_view stream_sid, std::string_view name);
std::string clear_message(std::string_view stream_sid);

// Twilio's exact shape: counters and timestamps as strings.
std::string encode_inbound(const InboundEvent& event);
common::Result<OutboundEvent, ParseError> parse_outbound(std::string_view text);

}  // namespace voxgate::telephony::twilio
