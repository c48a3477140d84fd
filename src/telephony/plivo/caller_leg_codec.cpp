#include "telephony/plivo/caller_leg_codec.hpp"

#include <utility>

#include "telephony/json_message.hpp"

namespace voxgate::telephony::plivo {
namespace json = boost::json;
namespace {

// PROTOCOLS.md "Plivo Audio Streams": mu-law 8 kHz both ways (what
// voxgate's answer asks for), 20 ms frames in; a checkpoint is answered by
// playedStream once the audio before it has played; clearAudio drops queued
// audio.
constexpr CallerLegTraits kTraits{
    {AudioEncoding::kMulaw, 8000, 1}, 20, false, true, true, 0, 0, 0, "plivo"};

AudioEncoding encoding_of(std::string_view name) {
  if (name == "audio/x-mulaw") return AudioEncoding::kMulaw;
  if (name == "audio/x-l16") return AudioEncoding::kLinear16;
  return AudioEncoding::kOther;
}

void read_format(FieldReader& r, AudioFormat& out) {
  const json::object* f = r.obj("mediaFormat", Need::kOptional);
  if (f == nullptr) return;
  FieldReader fr(*f);
  std::string encoding = "audio/x-mulaw";
  fr.str("encoding", encoding, Need::kOptional);
  fr.int32("sampleRate", out.sample_rate, Need::kOptional);
  out.encoding = encoding_of(encoding);
  r.merge(fr);
}

// Where Plivo puts the extra headers is read both ways: beside "start" (as
// open-source bridges read them) or inside it.
void read_extra_headers(FieldReader& top, FieldReader& start, CallerStarted& s) {
  std::string text;
  top.str("extra_headers", text, Need::kOptional);
  if (text.empty()) start.str("extra_headers", text, Need::kOptional);
  take_parameters(parse_extra_headers(text), s);
}

CallerEvent read_start(FieldReader& top) {
  CallerStarted s;
  const json::object* start = top.obj("start", Need::kRequired);
  if (start == nullptr) return CallerNothing{};
  FieldReader r(*start);
  r.str("callId", s.call_id, Need::kRequired);
  r.str("streamId", s.stream_id, Need::kRequired);
  r.str("accountId", s.account_id, Need::kOptional);
  read_format(r, s.format);
  read_extra_headers(top, r, s);
  top.merge(r);
  return s;
}

CallerEvent read_dtmf(FieldReader& top) {
  CallerDtmf dtmf;
  top.member("dtmf", "digit", dtmf.digit);
  return dtmf;
}

CallerEvent read_inbound(FieldReader& top, std::string_view event) {
  if (event == "media") return read_media(top);
  if (event == "start") return read_start(top);
  if (event == "dtmf") return read_dtmf(top);
  if (event == "playedStream") {
    CallerPlayed played;
    top.str("name", played.mark, Need::kRequired);
    return played;
  }
  if (event == "stop") return CallerStop{};
  if (event == "clearedAudio") return CallerNothing{};  // the answer to clearAudio
  top.fail(ParseError::kUnknownEvent);
  return CallerNothing{};
}

}  // namespace

Parameters parse_extra_headers(std::string_view text) {
  Parameters out;
  while (!text.empty()) {
    const size_t end = text.find_first_of(";,");
    const std::string_view pair = text.substr(0, end);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      out.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

const CallerLegTraits& CallerLegCodec::traits() const {
  return kTraits;
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::parse(std::string_view frame) {
  auto parsed = parse_message<CallerEvent>(frame, read_inbound);
  if (!parsed) return common::unexpected(BadMessage{std::string(to_string(parsed.error()))});
  if (auto* s = std::get_if<CallerStarted>(&*parsed); s && stream_id_.empty()) {
    stream_id_ = s->stream_id;
  }
  if (auto* m = std::get_if<CallerMedia>(&*parsed);
      m && convert_ && !wire_->to_call_b64(m->payload_b64)) {
    return common::unexpected(BadMessage{"odd_pcm_payload"});
  }
  return std::move(*parsed);
}

// Mu-law 8 kHz as it is; audio/x-l16 (a <Stream contentType> of the user's
// own) converted to and from the call's format, or passed untouched when the
// call carries that PCM (audio/wire_pcm.hpp).
bool CallerLegCodec::use_call_format(const AudioFormat& wire, const AudioFormat& call) {
  if (wire == kTraits.audio) return call == kTraits.audio;
  wire_ = audio::WirePcm::for_stream(wire, call);
  if (!wire_) return false;
  convert_ = !wire_->passthrough();
  return true;
}

// playAudio names the stream's own contentType: Plivo plays what it names.
std::string CallerLegCodec::play(std::string_view payload_b64) const {
  const std::string pcm = convert_ ? wire_->from_call_b64(payload_b64) : std::string();
  const std::string_view payload = convert_ ? std::string_view(pcm) : payload_b64;
  std::string out;
  out.reserve(payload.size() + 96);
  if (wire_) {
    out += R"({"event":"playAudio","media":{"contentType":"audio/x-l16","sampleRate":)";
    out += std::to_string(wire_->wire_rate());
    out += ',';
  } else {
    out += R"({"event":"playAudio","media":{"contentType":"audio/x-mulaw","sampleRate":8000,)";
  }
  out += R"("payload":)";
  append_json_string(out, payload);
  out += "}}";
  return out;
}

std::string CallerLegCodec::mark(std::string_view name) const {
  std::string out = R"({"event":"checkpoint","streamId":)";
  append_json_string(out, stream_id_);
  out += R"(,"name":)";
  append_json_string(out, name);
  out += '}';
  return out;
}

std::string CallerLegCodec::clear() const {
  std::string out = R"({"event":"clearAudio","streamId":)";
  append_json_string(out, stream_id_);
  out += '}';
  return out;
}

std::unique_ptr<CallerCodec> make_caller_codec() {
  return std::make_unique<CallerLegCodec>();
}

}  // namespace voxgate::telephony::plivo
