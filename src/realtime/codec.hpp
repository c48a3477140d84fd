#pragma once
// The Realtime codec: typed client/server events <-> JSON text frames, in the
// GA and beta dialects (PROTOCOLS.md "OpenAI Realtime API"). Pure functions,
// no state, callable from any thread; parsers never throw on bad input.
//
// voxgate uses encode(ClientEvent) and parse_server_event(); the servers that
// speak the other side (fakeai, the local agent) use encode(ServerEvent) and
// parse_client_event(). Parsers accept both dialects' names and shapes.
// Everything round-trips: parse(encode(x, d)) == x for either dialect d.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "realtime/client_events.hpp"
#include "realtime/dialect.hpp"
#include "realtime/server_events.hpp"

namespace voxgate::realtime {

enum class ParseError {
  kInvalidJson,   // not JSON (or nested deeper than Boost.JSON's default 32)
  kNotObject,     // JSON, but not an object
  kMissingType,   // no "type" member
  kMissingField,  // a required member is absent
  kWrongType,     // a member has the wrong JSON type or is out of range
  kBadBase64,     // audio payload is not strict base64
  kTooLarge,      // text longer than kMaxEventBytes
};

std::string_view to_string(ParseError error);

// Larger frames are refused unparsed: a real audio delta is a few KiB, and
// 2 MiB is ~3 minutes of base64 mu-law.
inline constexpr std::size_t kMaxEventBytes = std::size_t{2} << 20;

// Client side (voxgate -> AI).
std::string encode(const ClientEvent& event, Dialect dialect);
// Hot path: input_audio_buffer.append built by concatenation (same in both
// dialects). The payload is expected to be base64; anything needing JSON
// escaping falls back to the general encoder.
std::string encode_audio_append(std::string_view audio_b64);
common::Result<ServerEvent, ParseError> parse_server_event(std::string_view text);

// Server side (fakeai, local agent -> voxgate). The two-argument form numbers
// events from a process-wide counter ("event_voxgate_<n>").
std::string encode(const ServerEvent& event, Dialect dialect);
std::string encode(const ServerEvent& event, Dialect dialect, std::string_view event_id);
common::Result<ClientEvent, ParseError> parse_client_event(std::string_view text);

}  // namespace voxgate::realtime
