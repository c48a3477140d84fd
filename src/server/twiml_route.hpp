#pragma once
// The Twilio voice webhook (POST /twiml): answers TwiML that connects the
// call to this server's media WebSocket (PROTOCOLS.md "Twilio Media Streams"),
// after checking X-Twilio-Signature when asked to.
//
// Pure functions of the request and options; safe from any strand.

#include <string>
#include <string_view>
#include <vector>

#include "bridge/stream_token.hpp"
#include "net/router.hpp"

namespace voxgate::server {

struct TwimlOptions {
  std::string public_host;  // host[:port] Twilio reaches us at; empty => Host header
  // PROTOCOLS.md: the webhook is signed; when set, a missing or wrong
  // X-Twilio-Signature gets 403.
  bool validate_signature = false;
  std::string auth_token;  // secret: never logged
  // Transfer (docs/tools.md): <Connect action="https://HOST/twiml/after"> so a transferred call
  // continues with <Dial> (set when transfer_call is enabled).
  bool connect_action = false;
  // When set, the TwiML carries a stream token for the webhook's CallSid
  // (Parameter kStreamTokenParameter), checked again at /media.
  const bridge::StreamTokens* stream_tokens = nullptr;
  // SignalWire's LaML webhooks reach the same /twiml: when set, a valid
  // X-SignalWire-Signature made with this key is accepted (and, with
  // validate_signature off, required). Secret: never logged.
  std::string signalwire_signing_key{};
};

// The <Connect> action URL: like media_stream_url, with https:// (http:// for
// a loopback Host) and the path /twiml/after.
std::string after_stream_url(std::string_view public_host, std::string_view host_header);

// True when no webhook check is configured, or when the request carries a
// valid signature from a carrier whose secret is: X-Twilio-Signature (with
// validate_signature and auth_token) or X-SignalWire-Signature (with
// signalwire_signing_key), for one of signed_url_candidates() over `params`
// (the form body). A configured check is never bypassed by leaving its
// header out (BEHAVIOUR 0: the webhook issues the stream token).
bool webhook_signed(const net::HttpRequest& req, const TwimlOptions& opts,
                    const std::vector<std::pair<std::string, std::string>>& params);

// The media stream URL: wss://PUBLIC_HOST/media when public_host is set,
// else the request's Host, with ws:// only for a loopback Host (local tests;
// Twilio itself always needs wss).
std::string media_stream_url(std::string_view public_host, std::string_view host_header);

// The request's Host header; "localhost" without one.
std::string_view request_host(const net::HttpRequest& req);

// True for localhost, 127.0.0.0/8 and ::1, with or without a port.
bool is_loopback_host(std::string_view host_header);

// The URLs Twilio may have signed for this request: https:// + (public_host
// or Host) + request target, plus the http:// form for a loopback host.
// Assumes the webhook is configured with exactly that URL (Twilio signs the
// URL as configured, query included); behind a proxy that rewrites the path
// or scheme, set public_host and keep the path the same.
std::vector<std::string> signed_url_candidates(const net::HttpRequest& req,
                                               std::string_view public_host);

// The POST /twiml handler: form-encoded body (CallSid, From, To, ...);
// 400 on a malformed body, 403 {"error":"invalid webhook signature"} when
// validation is on and the signature is missing or wrong.
net::HttpResponse twiml_response(const net::HttpRequest& req, const TwimlOptions& opts);

}  // namespace voxgate::server
