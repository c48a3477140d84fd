#pragma once
// BEHAVIOUR 0: serving a public address with an AI leg that costs money and
// no caller authentication is refused at start-up unless explicitly allowed
// (server.allow_unauthenticated / --allow-unauthenticated). Anyone who finds
// such a server can open /media and run AI sessions on the operator's bill.
// Pure; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace voxgate::app {

// "localhost", 127.0.0.0/8, ::1 (brackets allowed). A name that is not an
// address is not loopback.
bool is_loopback_host(std::string_view host);

// True when any carrier's webhook check on /answer/<carrier> is configured.
bool any_carrier_check(const config::ServerConfig& s);
// The per-call stream token is on: as configured, or (left unset) when a
// carrier's webhook check is configured (the Twilio auth token already turns
// server.stream_token on when the config is loaded).
bool stream_token_on(const config::ServerConfig& s);

struct Exposure {
  bool public_bind = false;  // server.host is not loopback
  bool paid_ai = false;      // OpenAI, or a url agent on a non-loopback host
  bool caller_auth = false;  // the per-call stream token guards /media
  bool exposed() const { return public_bind && paid_ai && !caller_auth; }
};
Exposure exposure(const config::Config& c);

// Why start-up is refused (a sentence naming the fix), or nullopt. With
// server.allow_unauthenticated an exposed config is not refused: the caller
// logs startup_warning() instead.
std::optional<std::string> startup_refusal(const config::Config& c);
std::optional<std::string> startup_warning(const config::Config& c);

}  // namespace voxgate::app
