#include "telephony/vonage/caller_leg_codec.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <random>
#include <utility>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "telephony/json_message.hpp"

namespace voxgate::telephony::vonage {
namespace json = boost::json;
namespace {

// The NCCO's default stream, 8 kHz PCM, is reported as the call's default
// format, mu-law (see the header); audio back in exactly 20 ms frames, as
// Vonage takes it.
constexpr CallerLegTraits kTraits{
    {AudioEncoding::kMulaw, 8000, 1}, 20, true, true, true, 20, 20, 20, "vonage"};

// The headers that may name the call: voxgate's answer puts `uuid` there
// (the answer webhook's own parameter); the others are accepted as well.
constexpr std::string_view kIdHeaders[] = {"uuid", "call_uuid", "conversation_uuid"};

std::string header_text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_number() || v.is_bool()) return json::serialize(v);
  return {};  // objects, arrays and null carry nothing a parameter can
}

CallerStarted read_connected(const json::object& o, const std::string& fallback_id) {
  CallerStarted s;
  Parameters headers;
  for (const auto& kv : o) {
    if (kv.key() == "event" || kv.key() == "content-type") continue;
    if (auto text = header_text(kv.value()); !text.empty()) {
      headers.emplace_back(std::string(kv.key()), std::move(text));
    }
  }
  for (std::string_view key : kIdHeaders) {
    for (const auto& [name, value] : headers) {
      if (s.call_id.empty() && name == key) s.call_id = value;
    }
  }
  if (s.call_id.empty()) s.call_id = fallback_id;
  s.stream_id = s.call_id;  // one WebSocket per call leg; Vonage names no stream
  take_parameters(std::move(headers), s);
  const auto* type = o.if_contains("content-type");
  s.format =
      parse_content_type(type && type->is_string() ? std::string_view(type->get_string())
                                                   : std::string_view("audio/l16;rate=8000"));
  return s;
}

CallerEvent read_inbound(FieldReader& top, std::string_view event, const std::string& fallback) {
  if (event == "websocket:connected") return read_connected(top.object(), fallback);
  if (event == "websocket:dtmf") {
    CallerDtmf dtmf;
    if (top.object().contains("dtmf")) {
      top.member("dtmf", "digit", dtmf.digit);
    } else {
      top.str("digit", dtmf.digit, Need::kRequired);
    }
    return dtmf;
  }
  if (event == "websocket:notify") {
    CallerPlayed played;
    top.member("payload", "mark", played.mark);
    return played;
  }
  if (event == "websocket:cleared") return CallerNothing{};  // the answer to a clear
  top.fail(ParseError::kUnknownEvent);
  return CallerNothing{};
}

std::string random_id() {
  std::random_device rd;
  char buf[40];
  std::snprintf(buf, sizeof buf, "VG%08x%08x%08x%08x", rd(), rd(), rd(), rd());
  return buf;
}

}  // namespace

AudioFormat parse_content_type(std::string_view type) {
  std::string t(type);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  AudioFormat f{AudioEncoding::kOther, 8000, 1};
  if (t.rfind("audio/l16", 0) == 0) f.encoding = AudioEncoding::kLinear16;
  if (const size_t at = t.find("rate="); at != std::string::npos) {
    int rate = 0;
    const char* first = t.data() + at + 5;
    const auto [end, ec] = std::from_chars(first, t.data() + t.size(), rate);
    f.sample_rate = ec == std::errc() && end != first ? rate : 0;
  }
  return f;
}

const CallerLegTraits& CallerLegCodec::traits() const {
  return kTraits;
}

common::Result<CallerEvent, BadMessage> CallerLegCodec::parse(std::string_view frame) {
  auto parsed = parse_message<CallerEvent>(frame, [this](FieldReader& top, std::string_view event) {
    return read_inbound(top, event, fallback_id_);
  });
  if (!parsed) return common::unexpected(BadMessage{std::string(to_string(parsed.error()))});
  return std::move(*parsed);
}

// PCM at a rate WirePcm converts, to any call format it converts to (see the
// header); anything else is refused.
bool CallerLegCodec::use_call_format(const AudioFormat& wire, const AudioFormat& call) {
  auto pcm = audio::WirePcm::for_stream(wire, call);
  if (!pcm) return false;
  wire_ = std::move(*pcm);
  return true;
}

// 16-bit little-endian PCM to the call's format.
common::Result<CallerEvent, BadMessage> CallerLegCodec::parse_binary(std::string_view data) {
  if (data.empty() || data.size() % 2 != 0) {
    return common::unexpected(BadMessage{"odd_pcm_payload"});
  }
  if (data.size() > kMaxMessageBytes) return common::unexpected(BadMessage{"too_large"});
  CallerMedia media;
  media.timestamp_ms = samples_in_ * 1000 / static_cast<uint64_t>(wire_.wire_rate());
  samples_in_ += data.size() / 2;
  if (wire_.passthrough()) {
    audio::base64_encode(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()),
                         media.payload_b64);
  } else {
    wire_.to_call(data, converted_);
    audio::base64_encode(
        std::span(reinterpret_cast<const uint8_t*>(converted_.data()), converted_.size()),
        media.payload_b64);
  }
  return CallerEvent{std::move(media)};
}

std::string CallerLegCodec::play(std::string_view payload_b64) const {
  std::vector<uint8_t> bytes;
  std::string pcm;
  if (audio::base64_decode(payload_b64, bytes)) wire_.from_call(bytes, pcm);
  return pcm;
}

std::string CallerLegCodec::mark(std::string_view name) const {
  std::string out = R"({"action":"notify","payload":{"mark":)";
  append_json_string(out, name);
  out += "}}";
  return out;
}

std::string CallerLegCodec::clear() const {
  return R"({"action":"clear"})";
}

std::unique_ptr<CallerCodec> make_caller_codec() {
  return std::make_unique<CallerLegCodec>(random_id());
}

}  // namespace voxgate::telephony::vonage
