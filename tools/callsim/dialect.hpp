#pragma once
// Dialect: how one simulated call speaks its carrier's media-stream protocol
// (PROTOCOLS.md "Twilio Media Streams", "Other carriers' media streams").
// It frames what the caller sends (start, 20 ms of audio, DTMF, the echo of a
// played mark, the answer to a clear, hang-up) and parses what the server
// sends back into the carrier-neutral play / mark / clear that Playout models.
//
// Written from each carrier's own documentation, independently of voxgate's
// server-side codecs, so the two can check each other.
//
// Audio in and out of a dialect is 8 kHz mu-law: bytes_played keeps meaning
// "8 kHz mu-law bytes" (8 per ms) for every carrier; PCM dialects convert
// (pcm_convert.hpp).
//
// One per call, owned by its CallDriver and used on its strand; pure (takes
// timestamps, reads no clock). Parsing never throws: bad input comes back as
// an error string, which the driver counts as a protocol error.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace voxgate::callsim {

enum class Carrier { kTwilio, kSignalWire, kTelnyx, kPlivo, kExotel, kVonage };

std::string_view carrier_name(Carrier c);  // "twilio", "signalwire", ...
std::optional<Carrier> parse_carrier(std::string_view name);
// The media path voxgate serves the carrier on: "/media" for Twilio,
// "/media/<carrier>" for the others.
std::string default_media_path(Carrier c);

// One WebSocket message the caller sends.
struct WireFrame {
  std::string data;
  bool binary = false;
  bool is_media = false;  // counts toward media_sent

  bool operator==(const WireFrame&) const = default;
};
using Frames = std::vector<WireFrame>;

// The ids of one call, shaped as the carrier shapes them.
struct StreamIds {
  std::string call_sid, stream_sid, account_sid;
};
// Distinct per run (`nonce`) and call (`index`).
StreamIds make_stream_ids(Carrier c, uint64_t nonce, int index, const std::string& account_sid);

struct DialectConfig {
  Carrier carrier = Carrier::kTwilio;
  StreamIds ids;
  // Per-call custom parameters, including the stream token parameter when the
  // caller passes one; each carrier carries them its own way.
  std::vector<std::pair<std::string, std::string>> custom_parameters;
  int sample_rate = 8000;  // Vonage: 8000 or 16000 (the content-type's rate)
  int reorder_window = 0;  // Telnyx: send media out of order within this many frames
  uint32_t seed = 0;       // Telnyx: the reordering's shuffle
  int64_t epoch_ms = 0;    // Plivo: Unix ms at stream start (media timestamps)
};

// What the server sent, carrier-neutral.
struct ServerPlay {
  std::vector<uint8_t> ulaw;  // 8 kHz mu-law
};
struct ServerMark {
  std::string name;  // Vonage: the notify payload, serialized
};
struct ServerClear {};
using ServerEvent = std::variant<ServerPlay, ServerMark, ServerClear>;
using ParseResult = common::Result<ServerEvent, std::string>;

class Dialect {
 public:
  virtual ~Dialect() = default;

  // What the caller sends once the WebSocket is up (connected, start).
  virtual void open(Frames& out) = 0;
  // One 20 ms caller frame (160 mu-law bytes) starting `ts_ms` into the stream.
  // A dialect may hold frames back (batching, reordering) until a later call.
  virtual void media(std::span<const uint8_t> ulaw, uint64_t ts_ms, Frames& out) = 0;
  virtual void dtmf(const std::string& digit, uint64_t ts_ms, Frames& out) = 0;
  // The carrier's answer to a mark once the audio before it has played.
  virtual void played(const std::string& mark, Frames& out) = 0;
  // The carrier's answer to a clear, where it has one.
  virtual void cleared(Frames&) {}
  // The caller hangs up: frames held back, then the stop message if the
  // carrier sends one (some end the stream only by closing the WebSocket).
  virtual void stop(Frames& out) = 0;

  virtual ParseResult parse(std::string_view data, bool binary) = 0;
};

std::unique_ptr<Dialect> make_dialect(const DialectConfig& config);

// One per carrier (dialect_<carrier>.cpp); make_dialect picks.
std::unique_ptr<Dialect> make_twilio_dialect(const DialectConfig& config);
std::unique_ptr<Dialect> make_telnyx_dialect(const DialectConfig& config);
std::unique_ptr<Dialect> make_plivo_dialect(const DialectConfig& config);
std::unique_ptr<Dialect> make_exotel_dialect(const DialectConfig& config);
std::unique_ptr<Dialect> make_vonage_dialect(const DialectConfig& config);

}  // namespace voxgate::callsim
