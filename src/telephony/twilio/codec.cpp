// Parsing half of the Twilio codec (codec.hpp); serializers are in
// codec_write.cpp.
#include "telephony/twilio/codec.hpp"

#include "audio/base64.hpp"

namespace voxgate::telephony::twilio {
namespace json = boost::json;
namespace {

void read_strings(FieldReader& r, const json::array* a, std::vector<std::string>& out) {
  if (a == nullptr) return;
  for (const auto& v : *a) {
    if (!v.is_string()) return r.fail(ParseError::kWrongType);
    out.emplace_back(v.get_string().data(), v.get_string().size());
  }
}

Start read_start(FieldReader& top) {
  Start e;
  top.u64("sequenceNumber", e.sequence, Need::kOptional);
  top.str("streamSid", e.stream_sid, Need::kOptional);
  const json::object* s = top.obj("start", Need::kRequired);
  if (s == nullptr) return e;
  FieldReader r(*s);
  // The sid is at both levels in Twilio's messages; either one is enough.
  r.str("streamSid", e.stream_sid, e.stream_sid.empty() ? Need::kRequired : Need::kOptional);
  r.str("accountSid", e.account_sid, Need::kOptional);
  r.str("callSid", e.call_sid, Need::kRequired);
  read_strings(r, r.arr("tracks", Need::kOptional), e.tracks);
  r.string_pairs("customParameters", e.custom_parameters, Need::kOptional);
  e.media_format.encoding = "audio/x-mulaw";
  if (const json::object* f = r.obj("mediaFormat", Need::kOptional)) {
    FieldReader fr(*f);
    fr.str("encoding", e.media_format.encoding, Need::kOptional);
    fr.int32("sampleRate", e.media_format.sample_rate, Need::kOptional);
    fr.int32("channels", e.media_format.channels, Need::kOptional);
    if (fr.error()) r.fail(*fr.error());
  }
  if (r.error()) top.fail(*r.error());
  return e;
}

// media, dtmf, mark and stop: a sequence number, the sid and one sub-object.
template <typename Event, typename Fill>
Event read_simple(FieldReader& top, std::string_view sub, Need sub_need, Fill fill) {
  Event e;
  top.u64("sequenceNumber", e.sequence, Need::kOptional);
  top.str("streamSid", e.stream_sid, Need::kRequired);
  if (const json::object* o = top.obj(sub, sub_need)) {
    FieldReader r(*o);
    fill(r, e);
    if (r.error()) top.fail(*r.error());
  }
  return e;
}

InboundEvent read_inbound(FieldReader& top, std::string_view event) {
  if (event == "media") {
    return read_simple<Media>(top, "media", Need::kRequired, [](FieldReader& r, Media& e) {
      r.str("track", e.track, Need::kOptional);
      r.u64("chunk", e.chunk, Need::kOptional);
      r.u64("timestamp", e.timestamp_ms, Need::kOptional);
      r.base64("payload", e.payload_b64, Need::kRequired);
    });
  }
  if (event == "start") return read_start(top);
  if (event == "mark") {
    return read_simple<Mark>(top, "mark", Need::kRequired, [](FieldReader& r, Mark& e) {
      r.str("name", e.name, Need::kRequired);
    });
  }
  if (event == "dtmf") {
    return read_simple<Dtmf>(top, "dtmf", Need::kRequired, [](FieldReader& r, Dtmf& e) {
      r.str("track", e.track, Need::kOptional);
      r.str("digit", e.digit, Need::kRequired);
    });
  }
  if (event == "stop") {
    return read_simple<Stop>(top, "stop", Need::kOptional, [](FieldReader& r, Stop& e) {
      r.str("accountSid", e.account_sid, Need::kOptional);
      r.str("callSid", e.call_sid, Need::kOptional);
    });
  }
  if (event == "connected") {
    Connected e;
    top.str("protocol", e.protocol, Need::kOptional);
    top.str("version", e.version, Need::kOptional);
    return e;
  }
  top.fail(ParseError::kUnknownEvent);
  return Connected{};
}

OutboundEvent read_outbound(FieldReader& top, std::string_view event) {
  std::string sid;
  top.str("streamSid", sid, Need::kRequired);
  if (event == "media") {
    OutMedia e{std::move(sid), {}};
    top.member("media", "payload", e.payload_b64);
    if (!top.error() && !audio::base64_valid(e.payload_b64)) top.fail(ParseError::kBadBase64);
    return e;
  }
  if (event == "mark") {
    OutMark e{std::move(sid), {}};
    top.member("mark", "name", e.name);
    return e;
  }
  if (event == "clear") return OutClear{std::move(sid)};
  top.fail(ParseError::kUnknownEvent);
  return OutClear{};
}

}  // namespace

common::Result<InboundEvent, ParseError> parse_inbound(std::string_view text) {
  return parse_message<InboundEvent>(text, read_inbound);
}

common::Result<OutboundEvent, ParseError> parse_outbound(std::string_view text) {
  return parse_message<OutboundEvent>(text, read_outbound);
}

}  // namespace voxgate::telephony::twilio
