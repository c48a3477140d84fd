#include "telephony/telnyx/caller_leg_codec.hpp"

#include <utility>

#include "telephony/json_message.hpp"

namespace voxgate::telephony::telnyx {
namespace json = boost::json;
namespace {

// PROTOCOLS.md "Telnyx Media Streaming": PCMU 8 kHz both ways (the codec the
// answer document asks for), 20 ms frames in; marks echoed once played;
// "clear" drops queued audio.
constexpr CallerLegTraits kTraits{
    {AudioEncoding::kMulaw, 8000, 1}, 20, false, true, true, 0, 0, 0, "telnyx"};

// A parsed frame; media keeps its chunk number for MediaOrder.
struct Inbound {
  CallerEvent event;
  std::optional<uint64_t> chunk;
};

AudioEncoding encoding_of(std::string_view name) {
  if (name == "PCMU") return AudioEncoding::kMulaw;
  if (name == "PCMA") return AudioEncoding::kAlaw;
  if (name == "L16") return AudioEncoding::kLinear16;
  return AudioEncoding::kOther;  // G722, OPUS, AMR-WB: admission refuses them
}

void read_format(FieldReader& r, AudioFormat& out) {
  const json::object* f = r.obj("media_format", Need::kOptional);
  if (f == nullptr) return;  // Telnyx's default: PCMU 8 kHz mono
  FieldReader fr(*f);
  std::string encoding = "PCMU";
  fr.str("encoding", encoding, Need::kOptional);
  fr.int32("sample_rate", out.sample_rate, Need::kOptional);
  fr.int32("channels", out.channels, Need::kOptional);
  out.encoding = encoding_of(encoding);
  r.merge(fr);
}

// Telnyx's Call Control takes custom parameters as [{"name":N,"value":V}]
// ("streaming_start" custom_parameters); its start frame's shape is not
// shown in its docs: both that array and Twilio's {N: V} object are read.
void read_custom_parameters(FieldReader& r, const json::object& start, Parameters& out) {
  const json::value* v = start.if_contains("custom_parameters");
  if (v == nullptr || !v->is_array())
    return r.string_pairs("custom_parameters", out, Need::kOptional);
  for (const json::value& item : v->get_array()) {
    const json::object* o = item.if_object();
    const json::value* name = o ? o->if_contains("name") : nullptr;
    const json::value* value = o ? o->if_contains("value") : nullptr;
    if (name == nullptr || value == nullptr || !name->is_string() || !value->is_string()) {
      return r.fail(ParseError::kWrongType);
    }
    out.emplace_back(std::string(name->get_string()), std::string(value->get_string()));
  }
}

Inbound read_start(FieldReader& top) {
  CallerStarted s;
  top.str("stream_id", s.stream_id, Need::kRequired);
  const json::object* start = top.obj("start", Need::kRequired);
  if (start == nullptr) return {};
  FieldReader r(*start);
  r.str("call_control_id", s.call_id, Need::kRequired);
  r.str("user_id", s.account_id, Need::kOptional);
  read_format(r, s.format);
  Parameters params;
  read_custom_parameters(r, *start, params);
  take_parameters(std::move(params), s);
  top.merge(r);
  return {std::move(s), std::nullopt};
}

Inbound read_media(FieldReader& top, const json::object& m) {
  FieldReader r(m);
  std::string track;
  uint64_t chunk = 0;
  CallerMedia media;
  r.str("track", track, Need::kOptional);
  r.u64("chunk", chunk, Need::kOptional);
  r.u64("timestamp", media.timestamp_ms, Need::kOptional);
  r.base64("payload", media.payload_b64, Need::kRequired);
  top.merge(r);
  // With both_tracks Telnyx also streams what the call plays: not the caller.
  if (track == "outbound") return {CallerNothing{}, std::nullopt};
  std::optional<uint64_t> order;
  if (m.contains("chunk")) order = chunk;
  return {std::move(media), order};
}

// The one required string of a required sub-object (dtmf.digit, mark.name).
std::string member(FieldReader& top, std::string_view obj, std::string_view key) {
  std::string out;
  top.member(obj, key, out);
  return out;
}

Inbound read_inbound(FieldReader& top, std::string_view event) {
  if (event == "media") {
    const json::object* m = top.obj("media", Need::kRequired);
    return m ? read_media(top, *m) : Inbound{};
  }
  if (event == "start") return read_start(top);
  if (event == "dtmf") return {CallerDtmf{member(top, "dtmf", "digit")}, std::nullopt};
  if (event == "mark") return {CallerPlayed{member(top, "mark", "name")}, std::nullopt};
  if (event == "stop") return {CallerStop{}, std::nullopt};
  // connected precedes start; error reports a frame Telnyx could not use
  // (nothing the call can act on).
  if (event == "connected" || event == "error") return {CallerNothing{}, std::nullopt};
  top.fail(ParseError::kUnknownEvent);
  return {};
}

}  // namespace

const CallerLegTraits& CallerLegCodec::traits() const {
  return kTraits;
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::parse(std::string_view frame) {
  auto parsed = parse_message<Inbound>(frame, read_inbound);
  if (!parsed) return common::unexpected(BadMessage{std::string(to_string(parsed.error()))});
  if (auto* media = std::get_if<CallerMedia>(&parsed->event); media && parsed->chunk) {
    return ordered(*parsed->chunk, std::move(*media));
  }
  if (std::holds_alternative<CallerStop>(parsed->event)) {
    // The stream ends: what waited for a gap is all the audio there is.
    released_.clear();
    order_.flush(released_);
    for (auto& m : released_) ready_.emplace_back(std::move(m));
    ready_.emplace_back(CallerStop{});
    return first_ready();
  }
  return std::move(parsed->event);
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::ordered(uint64_t chunk, CallerMedia media) {
  released_.clear();
  if (!order_.add(chunk, std::move(media), released_)) {
    return common::unexpected(BadMessage{"late_media"});
  }
  if (released_.size() == 1 && ready_.empty()) return CallerEvent{std::move(released_[0])};
  for (auto& m : released_) ready_.emplace_back(std::move(m));
  return first_ready();
}

CallerEvent CallerLegCodec::first_ready() {
  if (ready_.empty()) return CallerNothing{};  // held until its gap closes
  CallerEvent e = std::move(ready_.front());
  ready_.pop_front();
  return e;
}

std::optional<CallerEvent> CallerLegCodec::next() {
  if (ready_.empty()) return std::nullopt;
  return first_ready();
}

std::string CallerLegCodec::play(std::string_view payload_b64) const {
  std::string out;
  out.reserve(payload_b64.size() + 48);
  out += R"({"event":"media","media":{"payload":)";
  append_json_string(out, payload_b64);
  out += "}}";
  return out;
}

std::string CallerLegCodec::mark(std::string_view name) const {
  std::string out = R"({"event":"mark","mark":{"name":)";
  append_json_string(out, name);
  out += "}}";
  return out;
}

std::string CallerLegCodec::clear() const {
  return R"({"event":"clear"})";
}

std::unique_ptr<CallerCodec> make_caller_codec() {
  return std::make_unique<CallerLegCodec>();
}

}  // namespace voxgate::telephony::telnyx
