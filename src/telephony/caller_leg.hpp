#pragma once
// The caller leg's contract (ARCHITECTURE.md "The one idea"): what every
// carrier dialect (Twilio, Telnyx, Vonage, ...) maps its media stream to. A
// CallerCodec turns one wire frame into a carrier-neutral CallerEvent and the
// call's actions (play, mark, clear, hang up) into wire frames; its traits say
// what the carrier can do. A carrier is one folder under telephony/ holding
// such a codec; the shell (bridge/CallRunner) names no carrier.
//
// Plain values and an interface; a codec belongs to one call and is used on
// that call's strand only. Parsing never throws (STYLE.md "Errors"): bad
// input comes back as BadMessage.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "audio/format.hpp"
#include "common/result.hpp"

namespace voxgate::telephony {

// The custom parameter that carries the per-call stream token (BEHAVIOUR 0);
// a codec lifts it out of the start's parameters into CallerStarted, so it
// never reaches the call core, the AI leg or the record.
inline constexpr std::string_view kStreamTokenParameter = "voxgate_stream_token";

using AudioEncoding = audio::Encoding;
using AudioFormat = audio::Format;

// What a carrier's media stream can do; the shell frames and paces by it.
struct CallerLegTraits {
  AudioFormat audio;           // the dialect's own format; a codec may convert others
  int frame_ms = 20;           // one media message's audio
  bool binary_frames = false;  // audio travels in binary messages (else JSON text)
  bool has_marks = false;      // the carrier echoes a mark once audio before it played
  bool has_clear = false;      // the carrier can drop audio queued for playout
  // Audio back to the carrier only in chunks of whole play_granule_ms, from
  // play_min_ms to play_max_ms long (Exotel's rule); 0: as it comes.
  int play_granule_ms = 0;
  int play_min_ms = 0;
  int play_max_ms = 0;
  // The dialect's name ("twilio", ...): the carrier of a call whose media
  // route names none (the route's own name wins: SignalWire speaks Twilio's).
  std::string_view carrier = "";
};

using Parameters = std::vector<std::pair<std::string, std::string>>;

// The stream's start: everything admission and the call core need.
struct CallerStarted {
  std::string call_id;
  std::string stream_id;
  std::string account_id;  // empty when the carrier has none
  AudioFormat format;
  Parameters custom_parameters;  // without the stream token
  std::string stream_token;      // empty when the start carried none
  // The media route's carrier ("twilio", "signalwire", ...): the server
  // stamps it (one codec may serve two carriers); empty when unknown.
  std::string carrier;
  std::string caller;  // the caller's number when the carrier gives one, else empty

  bool operator==(const CallerStarted&) const = default;
};

struct CallerMedia {
  std::string payload_b64;
  uint64_t timestamp_ms = 0;

  bool operator==(const CallerMedia&) const = default;
};

// A mark the carrier echoed: the audio sent before it has played.
struct CallerPlayed {
  std::string mark;

  bool operator==(const CallerPlayed&) const = default;
};

struct CallerDtmf {
  std::string digit;

  bool operator==(const CallerDtmf&) const = default;
};

struct CallerStop {
  bool operator==(const CallerStop&) const = default;
};

// A well-formed message with nothing in it for the call (Twilio's
// "connected"): neither a rejection nor an input.
struct CallerNothing {
  bool operator==(const CallerNothing&) const = default;
};

using CallerEvent =
    std::variant<CallerNothing, CallerStarted, CallerMedia, CallerPlayed, CallerDtmf, CallerStop>;

// A frame that is not a message of the dialect; reason is a short metric-safe
// label ("invalid_json", "missing_field", ...).
struct BadMessage {
  std::string reason;
};

// For logs and rejection counts.
inline std::string_view event_name(const CallerEvent& e) {
  static constexpr std::string_view kNames[] = {"nothing", "start", "media",
                                                "mark",    "dtmf",  "stop"};
  return kNames[e.index()];
}

class CallerCodec {
 public:
  virtual ~CallerCodec() = default;

  virtual const CallerLegTraits& traits() const = 0;
  // One received frame. A start names the stream that later actions address.
  virtual common::Result<CallerEvent, BadMessage> parse(std::string_view frame) = 0;
  // One received binary message; only a dialect with binary_frames has them.
  virtual common::Result<CallerEvent, BadMessage> parse_binary(std::string_view) {
    return common::unexpected(BadMessage{"binary_frame"});
  }
  // Further events the last frame released, in order, until nullopt: a
  // dialect that reorders media (Telnyx) can release several at once. Call
  // after every parse.
  virtual std::optional<CallerEvent> next() { return std::nullopt; }
  // A binary message when traits().binary_frames, else a text one.
  virtual std::string play(std::string_view payload_b64) const = 0;
  virtual std::string mark(std::string_view name) const = 0;
  // Admission: the call carries `call` (audio/format.hpp) and the stream's
  // start named `wire`; from now on media events hold `call` bytes and
  // play() takes them. False refuses the stream (a format this codec cannot
  // carry). A codec that converts nothing takes only its own format.
  virtual bool use_call_format(const AudioFormat& wire, const AudioFormat& call) {
    return wire == traits().audio && call == traits().audio;
  }
  // Only called when traits().has_clear.
  virtual std::string clear() const = 0;
  // The frame that asks the carrier to end the call before the socket is
  // closed; nullopt when closing the socket is the carrier's hang-up.
  virtual std::optional<std::string> hang_up() const = 0;
};

using CallerCodecFactory = std::unique_ptr<CallerCodec> (*)();

// The parameters that name the caller's number: Twilio's and SignalWire's
// webhook field From (the TwiML route forwards it as a custom parameter),
// and the lower-case "from" of the carriers that pass the caller that way.
inline bool names_caller(std::string_view name) {
  return name == "From" || name == "from";
}

// Moves a start's custom parameters into `out`, lifting the stream token out
// of them (kStreamTokenParameter): every dialect carries it among its own
// parameters. The caller's number is copied out of them too (names_caller);
// it stays among the parameters the call core sees.
inline void take_parameters(Parameters params, CallerStarted& out) {
  for (auto& [name, value] : params) {
    if (names_caller(name) && out.caller.empty()) out.caller = value;
    if (name == kStreamTokenParameter) {
      out.stream_token = std::move(value);
    } else {
      out.custom_parameters.emplace_back(std::move(name), std::move(value));
    }
  }
}

}  // namespace voxgate::telephony
