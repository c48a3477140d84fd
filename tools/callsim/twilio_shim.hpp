#pragma once
// TEMPORARY: replace with telephony/twilio once merged.
//
// A stand-in for the twilio codec (telephony/twilio/codec.hpp, events.hpp)
// that a sibling branch is writing. Same names and signatures, but in
// voxgate::callsim::shim so nothing clashes when the real one arrives.
// Only what callsim needs is here. Pure functions; any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace voxgate::callsim::shim {

// ---- telephony/twilio/events.hpp -------------------------------------------
struct Connected {
  std::string protocol, version;
};
struct MediaFormat {
  std::string encoding;
  int sample_rate = 8000;
  int channels = 1;
};
struct Start {
  uint64_t sequence = 0;
  std::string stream_sid, account_sid, call_sid;
  std::vector<std::string> tracks;
  std::vector<std::pair<std::string, std::string>> custom_parameters;
  MediaFormat media_format;
};
struct Media {
  uint64_t sequence = 0;
  std::string stream_sid, track;
  uint64_t chunk = 0;
  uint64_t timestamp_ms = 0;
  std::string payload_b64;
};
struct Dtmf {
  uint64_t sequence = 0;
  std::string stream_sid, track, digit;
};
struct Mark {
  uint64_t sequence = 0;
  std::string stream_sid, name;
};
struct Stop {
  uint64_t sequence = 0;
  std::string stream_sid, account_sid, call_sid;
};
using InboundEvent = std::variant<Connected, Start, Media, Dtmf, Mark, Stop>;

struct OutMedia {
  std::string stream_sid, payload_b64;
};
struct OutMark {
  std::string stream_sid, name;
};
struct OutClear {
  std::string stream_sid;
};
using OutboundEvent = std::variant<OutMedia, OutMark, OutClear>;

// ---- telephony/twilio/codec.hpp --------------------------------------------
enum class ParseError { kNotJson, kNotObject, kMissingField, kUnknownEvent };

std::string encode_inbound(const InboundEvent& ev);
common::Result<OutboundEvent, ParseError> parse_outbound(std::string_view text);

}  // namespace voxgate::callsim::shim
