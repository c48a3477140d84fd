#include "telephony/exotel/caller_leg_codec.hpp"

#include <cctype>
#include <cstdint>
#include <utility>
#include <vector>

#include "telephony/json_message.hpp"

namespace voxgate::telephony::exotel {
namespace json = boost::json;
namespace {

// What the call carries (8 kHz mu-law, see the header), media every ~100 ms
// (Exotel streams "every ~100 ms"), marks and clear; audio back in whole
// 20 ms (320 bytes of PCM) from 200 ms (3.2 KB) to 1 s (well under 100 KB).
constexpr CallerLegTraits kTraits{
    {AudioEncoding::kMulaw, 8000, 1}, 100, false, true, true, 20, 200, 1000, "exotel"};

// Exotel's docs name the ids in snake case; some bridges send camel case.
void str_either(FieldReader& r, const json::object& o, std::string_view snake,
                std::string_view camel, std::string& out, Need need) {
  r.str(o.contains(snake) || !o.contains(camel) ? snake : camel, out, need);
}

AudioEncoding encoding_of(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto has = [&](std::string_view part) { return name.find(part) != std::string::npos; };
  if (has("mulaw") || has("ulaw") || has("pcmu")) return AudioEncoding::kMulaw;
  if (has("alaw") || has("pcma")) return AudioEncoding::kAlaw;
  // "audio/x-raw", "raw/slin", "audio/L16", "pcm": 16-bit PCM.
  if (has("raw") || has("slin") || has("l16") || has("pcm")) return AudioEncoding::kLinear16;
  return AudioEncoding::kOther;
}

// The stream's own format; absent fields are Exotel's default (PCM, 8 kHz).
AudioFormat read_format(FieldReader& start) {
  AudioFormat f{AudioEncoding::kLinear16, 8000, 1};
  const json::object* m = start.obj("media_format", Need::kOptional);
  if (m == nullptr) return f;
  FieldReader r(*m);
  std::string encoding;
  uint64_t rate = 8000;
  r.str("encoding", encoding, Need::kOptional);
  r.u64("sample_rate", rate, Need::kOptional);
  start.merge(r);
  if (!encoding.empty()) f.encoding = encoding_of(encoding);
  f.sample_rate = rate <= 192000 ? static_cast<int>(rate) : 0;
  return f;
}

CallerEvent read_start(FieldReader& top) {
  CallerStarted s;
  const json::object* start = top.obj("start", Need::kRequired);
  if (start == nullptr) return CallerNothing{};
  FieldReader r(*start);
  str_either(r, *start, "call_sid", "callSid", s.call_id, Need::kRequired);
  // The stream id sits in the start and beside it; either will do.
  str_either(r, *start, "stream_sid", "streamSid", s.stream_id, Need::kOptional);
  if (s.stream_id.empty()) {
    str_either(top, top.object(), "stream_sid", "streamSid", s.stream_id, Need::kRequired);
  }
  str_either(r, *start, "account_sid", "accountSid", s.account_id, Need::kOptional);
  r.str("from", s.caller, Need::kOptional);  // the caller's number, when Exotel gives it
  Parameters params;
  // Exotel's docs: custom_parameters; bridges that copy Twilio's shape send
  // customParameters.
  r.string_pairs(start->contains("custom_parameters") || !start->contains("customParameters")
                     ? "custom_parameters"
                     : "customParameters",
                 params, Need::kOptional);
  take_parameters(std::move(params), s);
  s.format = read_format(r);
  top.merge(r);
  return s;
}

CallerEvent read_inbound(FieldReader& top, std::string_view event) {
  if (event == "media") return read_media(top);
  if (event == "start") return read_start(top);
  if (event == "dtmf") {
    CallerDtmf dtmf;
    top.member("dtmf", "digit", dtmf.digit);
    return dtmf;
  }
  if (event == "mark") {
    CallerPlayed played;
    top.member("mark", "name", played.mark);
    return played;
  }
  if (event == "stop") return CallerStop{};
  if (event == "connected") return CallerNothing{};
  top.fail(ParseError::kUnknownEvent);
  return CallerNothing{};
}

void append_head(std::string& out, std::string_view event, std::string_view stream_id) {
  out += R"({"event":")";
  out += event;
  out += R"(","stream_sid":)";
  append_json_string(out, stream_id);
}

}  // namespace

const CallerLegTraits& CallerLegCodec::traits() const {
  return kTraits;
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::parse(std::string_view frame) {
  auto parsed = parse_message<CallerEvent>(frame, read_inbound);
  if (!parsed) return common::unexpected(BadMessage{std::string(to_string(parsed.error()))});
  if (auto* s = std::get_if<CallerStarted>(&*parsed); s && stream_id_.empty()) {
    stream_id_ = s->stream_id;
  }
  // The call's PCM passes as it came (its base64 untouched); mu-law is the
  // call's own format.
  if (auto* m = std::get_if<CallerMedia>(&*parsed);
      m && convert_ && !wire_.to_call_b64(m->payload_b64)) {
    return common::unexpected(BadMessage{"odd_pcm_payload"});
  }
  return std::move(*parsed);
}

// Mu-law at 8 kHz is carried as it is; PCM at a rate WirePcm converts, to
// any call format it converts to (see the header).
bool CallerLegCodec::use_call_format(const AudioFormat& wire, const AudioFormat& call) {
  if (wire == kTraits.audio) return call == kTraits.audio;
  auto pcm = audio::WirePcm::for_stream(wire, call);
  if (!pcm) return false;
  wire_ = std::move(*pcm);
  convert_ = !wire_.passthrough();
  return true;
}

std::string CallerLegCodec::play(std::string_view payload_b64) const {
  const std::string pcm = convert_ ? wire_.from_call_b64(payload_b64) : std::string();
  const std::string_view payload = convert_ ? std::string_view(pcm) : payload_b64;
  std::string out;
  out.reserve(payload.size() + 96);
  append_head(out, "media", stream_id_);
  out += R"(,"media":{"payload":)";
  append_json_string(out, payload);
  out += "}}";
  return out;
}

std::string CallerLegCodec::mark(std::string_view name) const {
  std::string out;
  append_head(out, "mark", stream_id_);
  out += R"(,"mark":{"name":)";
  append_json_string(out, name);
  out += "}}";
  return out;
}

std::string CallerLegCodec::clear() const {
  std::string out;
  append_head(out, "clear", stream_id_);
  out += '}';
  return out;
}

std::unique_ptr<CallerCodec> make_caller_codec() {
  return std::make_unique<CallerLegCodec>();
}

}  // namespace voxgate::telephony::exotel
