#include "telephony/twilio/caller_leg_codec.hpp"

#include <type_traits>

#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace {

// PROTOCOLS.md "Twilio Media Streams": 8 kHz mu-law both ways in 20 ms JSON
// messages; marks are echoed once played; "clear" drops queued audio.
constexpr CallerLegTraits kTraits{
    {AudioEncoding::kMulaw, 8000, 1}, 20, false, true, true, 0, 0, 0, "twilio"};

AudioFormat audio_format(const MediaFormat& f) {
  AudioEncoding e = AudioEncoding::kOther;
  if (f.encoding == "audio/x-mulaw") e = AudioEncoding::kMulaw;
  if (f.encoding == "audio/x-alaw") e = AudioEncoding::kAlaw;
  if (f.encoding == "audio/x-l16") e = AudioEncoding::kLinear16;
  return {e, f.sample_rate, f.channels};
}

CallerStarted started(Start& s) {
  CallerStarted out;
  out.call_id = std::move(s.call_sid);
  out.stream_id = std::move(s.stream_sid);
  out.account_id = std::move(s.account_sid);
  out.format = audio_format(s.media_format);
  take_parameters(std::move(s.custom_parameters), out);
  return out;
}

CallerEvent to_caller_event(InboundEvent& in) {
  return std::visit(
      [](auto& e) -> CallerEvent {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Start>) return started(e);
        if constexpr (std::is_same_v<T, Media>) {
          return CallerMedia{std::move(e.payload_b64), e.timestamp_ms};
        }
        if constexpr (std::is_same_v<T, Mark>) return CallerPlayed{std::move(e.name)};
        if constexpr (std::is_same_v<T, Dtmf>) return CallerDtmf{std::move(e.digit)};
        if constexpr (std::is_same_v<T, Stop>) return CallerStop{};
        return CallerNothing{};  // connected: Twilio's greeting before start
      },
      in);
}

}  // namespace

const CallerLegTraits& CallerLegCodec::traits() const {
  return kTraits;
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::parse(std::string_view frame) {
  auto parsed = parse_inbound(frame);
  if (!parsed) return common::unexpected(BadMessage{std::string(to_string(parsed.error()))});
  CallerEvent event = to_caller_event(*parsed);
  if (auto* s = std::get_if<CallerStarted>(&event); s && stream_sid_.empty()) {
    stream_sid_ = s->stream_id;
  }
  return event;
}

std::string CallerLegCodec::play(std::string_view payload_b64) const {
  return media_message(stream_sid_, payload_b64);
}

std::string CallerLegCodec::mark(std::string_view name) const {
  return mark_message(stream_sid_, name);
}

std::string CallerLegCodec::clear() const {
  return clear_message(stream_sid_);
}

std::unique_ptr<CallerCodec> make_caller_codec() {
  return std::make_unique<CallerLegCodec>();
}

}  // namespace voxgate::telephony::twilio
