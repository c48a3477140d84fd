#pragma once
// The Twilio voice webhook (POST /twiml): answers TwiML that connects the
// call to this server's media WebSocket (PROTOCOLS.md "Twilio Media Streams").
//
// Pure functions of the request; safe from any strand.

#include <map>
#include <string>
#include <string_view>

#include "net/router.hpp"

namespace voxgate::server {

// The media stream URL: wss://PUBLIC_HOST/media when public_host is set,
// else the request's Host, with ws:// only for a loopback Host (local tests;
// Twilio itself always needs wss).
std::string media_stream_url(std::string_view public_host, std::string_view host_header);

// True for localhost, 127.0.0.0/8 and ::1, with or without a port.
bool is_loopback_host(std::string_view host_header);

// <Response><Connect><Stream url=..><Parameter name= value=/>...</Stream></Connect></Response>
// TODO(lead): swap for telephony::twilio::connect_stream_twiml(ws_url, params) once merged.
std::string connect_stream_twiml(const std::string& ws_url,
                                 const std::map<std::string, std::string>& params);

// The POST /twiml handler: form-encoded body (CallSid, From, To, ...);
// 400 on a malformed body.
net::HttpResponse twiml_response(const net::HttpRequest& req, std::string_view public_host);

}  // namespace voxgate::server
