#pragma once
// SignalWire's webhook signature (SignalWire "Validating requests" for its
// LaML / compatibility API): Twilio's X-Twilio-Signature algorithm,
// base64(HMAC-SHA1(key, URL + sorted POST name/value pairs)), carried in
// `X-SignalWire-Signature` and keyed with the project's signing key instead
// of a Twilio auth token. SignalWire speaks Twilio's media stream, so it has
// no caller-leg folder of its own: only this. Pure; safe on any thread.
//
// The URL is tried as given and with its port the other way: with the
// scheme's default port when it names none, without it when it names the
// default (SignalWire's compatibility validators, like Twilio's, check both:
// the signed URL may or may not carry ":443").

#include <optional>
#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::signalwire {

inline constexpr std::string_view kSignatureHeader = "X-SignalWire-Signature";

// "https://h/p" <-> "https://h:443/p" (80 for http); nullopt for another
// port or a URL without a known scheme.
std::optional<std::string> port_variant(std::string_view url);

// Constant-time; false for an empty header.
bool verify_webhook_signature(std::string_view signing_key, std::string_view full_url,
                              const Parameters& post_params, std::string_view header_value);

}  // namespace voxgate::telephony::signalwire
