#pragma once
// Twilio Media Streams messages as plain structs (PROTOCOLS.md "Twilio Media
// Streams"). Inbound = what Twilio sends voxgate; outbound = what voxgate
// sends Twilio. Values only: no behaviour, no thread affinity.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace voxgate::telephony::twilio {

struct Connected {
  std::string protocol, version;

  bool operator==(const Connected&) const = default;
};

struct MediaFormat {
  std::string encoding;
  int sample_rate = 8000;
  int channels = 1;

  bool operator==(const MediaFormat&) const = default;
};

struct Start {
  uint64_t sequence = 0;
  std::string stream_sid, account_sid, call_sid;
  std::vector<std::string> tracks;
  std::vector<std::pair<std::string, std::string>> custom_parameters;
  MediaFormat media_format;

  bool operator==(const Start&) const = default;
};

struct Media {
  uint64_t sequence = 0;
  std::string stream_sid, track;
  uint64_t chunk = 0;
  uint64_t timestamp_ms = 0;
  std::string payload_b64;

  bool operator==(const Media&) const = default;
};

struct Dtmf {
  uint64_t sequence = 0;
  std::string stream_sid, track, digit;

  bool operator==(const Dtmf&) const = default;
};

struct Mark {
  uint64_t sequence = 0;
  std::string stream_sid, name;

  bool operator==(const Mark&) const = default;
};

struct Stop {
  uint64_t sequence = 0;
  std::string stream_sid, account_sid, call_sid;

  bool operator==(const Stop&) const = default;
};

using InboundEvent = std::variant<Connected, Start, Media, Dtmf, Mark, Stop>;

struct OutMedia {
  std::string stream_sid, payload_b64;

  bool operator==(const OutMedia&) const = default;
};

struct OutMark {
  std::string stream_sid, name;

  bool operator==(const OutMark&) const = default;
};

struct OutClear {
  std::string stream_sid;

  bool operator==(const OutClear&) const = default;
};

using OutboundEvent = std::variant<OutMedia, OutMark, OutClear>;

}  // namespace voxgate::telephony::twilio
