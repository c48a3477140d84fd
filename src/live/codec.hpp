#pragma once
// The GPT-Live codec: typed client events -> JSON text, JSON text -> typed
// server events (PROTOCOLS-LIVE 2-4). Pure functions, callable from any
// thread; the parser never throws: bad input is an error value, an unknown
// type an Unknown event.
//
// The JSON readers and ParseError are the Realtime codec's (realtime/ comes
// before live/ in the module order; one reader for both protocols).

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "live/client_events.hpp"
#include "live/server_events.hpp"
#include "realtime/codec.hpp"

namespace voxgate::live {

using ParseError = realtime::ParseError;
using realtime::kMaxEventBytes;

std::string encode(const ClientEvent& event);
common::Result<ServerEvent, ParseError> parse_server_event(std::string_view text);

}  // namespace voxgate::live
