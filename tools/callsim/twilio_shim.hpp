#pragma once
// TEMPORARY: replace with telephony/twilio once merged.
//
// A stand-in for the twilio codec (telephony/twilio/codec.hpp, events.hpp) and
// the audio helpers (audio/base64.hpp, g711.hpp, wav_writer.hpp) that sibling
// branches are writing. Same names and signatures, but in
// voxgate::callsim::shim so nothing clashes when the real ones arrive.
// Only what callsim needs is here. Pure functions; any thread.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
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

// ---- audio/base64.hpp, audio/g711.hpp ---------------------------------------
void base64_encode(std::span<const uint8_t> in, std::string& out);
bool base64_decode(std::string_view in, std::vector<uint8_t>& out);
uint8_t linear_to_ulaw(int16_t sample);
int16_t ulaw_to_linear(uint8_t code);

// ---- audio/wav_writer.hpp ---------------------------------------------------
// 16-bit PCM WAV writer; the header sizes are patched on close().
class WavWriter {
 public:
  WavWriter() = default;
  ~WavWriter();
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;
  bool open(const std::string& path, int channels, int rate);
  void write(std::span<const int16_t> samples);
  void close();

 private:
  std::FILE* f_ = nullptr;
  uint32_t data_bytes_ = 0;
};

// Mono 16-bit 8 kHz PCM samples of a WAV file; nullopt if it is anything else.
std::optional<std::vector<int16_t>> read_wav_mono8k(const std::string& path);

}  // namespace voxgate::callsim::shim
