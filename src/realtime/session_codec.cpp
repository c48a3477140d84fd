#include "realtime/session_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace voxgate::realtime::detail {
namespace {

constexpr std::string_view kGaMulaw = "audio/pcmu";
constexpr std::string_view kGaPcm = "audio/pcm";
constexpr std::string_view kBetaMulaw = "g711_ulaw";
constexpr std::string_view kBetaPcm = "pcm16";

bool is_pcm(const SessionConfig& c) {
  return c.audio.encoding == audio::Encoding::kLinear16;
}

// GA: mu-law names no rate (PROTOCOLS-LIVE 8: Realtime rejects it there);
// PCM says its rate, 24 kHz.
json::object encode_ga_format(const SessionConfig& c) {
  if (!is_pcm(c)) return json::object{{"type", kGaMulaw}};
  return json::object{{"type", kGaPcm}, {"rate", SessionConfig::kPcm.sample_rate}};
}

audio::Format decode_format(std::string_view type) {
  return type == kGaPcm || type == kBetaPcm ? SessionConfig::kPcm : audio::kPhoneMulaw;
}

json::value encode_turn_detection(const std::optional<TurnDetection>& td) {
  // An explicit null disables server turn detection (push-to-talk).
  if (!td) return nullptr;
  json::object o;
  o["type"] = td->type;
  if (td->type == "semantic_vad") {
    if (td->eagerness) o["eagerness"] = *td->eagerness;
  } else {
    o["threshold"] = td->threshold;
    o["prefix_padding_ms"] = td->prefix_padding_ms;
    o["silence_duration_ms"] = td->silence_duration_ms;
    if (td->idle_timeout_ms) o["idle_timeout_ms"] = *td->idle_timeout_ms;
  }
  o["create_response"] = td->create_response;
  o["interrupt_response"] = td->interrupt_response;
  return o;
}

json::value encode_transcription(const std::optional<std::string>& model) {
  if (!model) return nullptr;
  return json::object{{"model", *model}};
}

json::array encode_tools(const std::vector<ToolDef>& tools) {
  json::array out;
  for (const ToolDef& t : tools) {
    boost::system::error_code ec;
    json::value params = json::parse(t.parameters_json, ec);
    // encode() cannot fail: a malformed schema degrades to "no parameters".
    if (ec || !params.is_object()) params = json::parse(ToolDef{}.parameters_json);
    out.push_back(json::object{{"type", "function"},
                               {"name", t.name},
                               {"description", t.description},
                               {"parameters", std::move(params)}});
  }
  return out;
}

json::object encode_ga(const SessionConfig& c) {
  json::object input{{"format", encode_ga_format(c)},
                     {"turn_detection", encode_turn_detection(c.turn_detection)},
                     {"transcription", encode_transcription(c.transcription_model)}};
  json::object output{{"format", encode_ga_format(c)}, {"voice", c.voice}};
  return json::object{
      {"type", "realtime"},
      {"model", c.model},
      {"output_modalities", json::array{"audio"}},
      {"instructions", c.instructions},
      {"audio", json::object{{"input", std::move(input)}, {"output", std::move(output)}}},
      {"tools", encode_tools(c.tools)}};
}

json::object encode_beta(const SessionConfig& c) {
  return json::object{{"model", c.model},
                      {"modalities", json::array{"text", "audio"}},
                      {"instructions", c.instructions},
                      {"voice", c.voice},
                      {"input_audio_format", is_pcm(c) ? kBetaPcm : kBetaMulaw},
                      {"output_audio_format", is_pcm(c) ? kBetaPcm : kBetaMulaw},
                      {"turn_detection", encode_turn_detection(c.turn_detection)},
                      {"input_audio_transcription", encode_transcription(c.transcription_model)},
                      {"tools", encode_tools(c.tools)}};
}

TurnDetection decode_turn_detection(const json::object& o, FieldReader& r) {
  TurnDetection td;
  td.type = r.str(o, "type");
  td.threshold = r.opt_double(o, "threshold", td.threshold);
  td.prefix_padding_ms = r.opt_int(o, "prefix_padding_ms", td.prefix_padding_ms);
  td.silence_duration_ms = r.opt_int(o, "silence_duration_ms", td.silence_duration_ms);
  td.create_response = r.opt_bool(o, "create_response", td.create_response);
  td.interrupt_response = r.opt_bool(o, "interrupt_response", td.interrupt_response);
  td.idle_timeout_ms = r.maybe_int(o, "idle_timeout_ms");
  td.eagerness = r.maybe_str(o, "eagerness");
  return td;
}

// Absent keeps the default; explicit null turns the setting off.
void decode_turn_detection_member(const json::object& o, FieldReader& r,
                                  std::optional<TurnDetection>& out) {
  if (!o.contains("turn_detection")) return;
  const json::object* td = r.opt_object(o, "turn_detection");
  out = td ? std::optional(decode_turn_detection(*td, r)) : std::nullopt;
}

void decode_transcription_member(const json::object& o, std::string_view key, FieldReader& r,
                                 std::optional<std::string>& out) {
  if (!o.contains(key)) return;
  const json::object* t = r.opt_object(o, key);
  out = t ? std::optional(r.str(*t, "model")) : std::nullopt;
}

std::vector<ToolDef> decode_tools(const json::array& tools, FieldReader& r) {
  std::vector<ToolDef> out;
  for (const json::value& v : tools) {
    if (!v.is_object()) {
      r.fail(ParseError::kWrongType);
      break;
    }
    const json::object& t = v.get_object();
    ToolDef def;
    def.name = r.str(t, "name");
    def.description = r.opt_str(t, "description");
    if (const json::object* p = r.opt_object(t, "parameters")) def.parameters_json = serialize(*p);
    out.push_back(std::move(def));
  }
  return out;
}

}  // namespace

json::object encode_session(const SessionConfig& config, Dialect dialect) {
  return dialect == Dialect::kGA ? encode_ga(config) : encode_beta(config);
}

SessionConfig decode_session(const json::object& s, FieldReader& r) {
  SessionConfig c;
  if (auto model = r.maybe_str(s, "model")) c.model = std::move(*model);
  c.instructions = r.opt_str(s, "instructions");
  // beta: flat members.
  if (auto voice = r.maybe_str(s, "voice")) c.voice = std::move(*voice);
  decode_turn_detection_member(s, r, c.turn_detection);
  decode_transcription_member(s, "input_audio_transcription", r, c.transcription_model);
  if (auto format = r.maybe_str(s, "input_audio_format")) c.audio = decode_format(*format);
  // GA: audio.input.{turn_detection,transcription}, audio.output.voice.
  if (const json::object* audio = r.opt_object(s, "audio")) {
    if (const json::object* in = r.opt_object(*audio, "input")) {
      decode_turn_detection_member(*in, r, c.turn_detection);
      decode_transcription_member(*in, "transcription", r, c.transcription_model);
      if (const json::object* format = r.opt_object(*in, "format")) {
        if (auto type = r.maybe_str(*format, "type")) c.audio = decode_format(*type);
      }
    }
    if (const json::object* out = r.opt_object(*audio, "output")) {
      if (auto voice = r.maybe_str(*out, "voice")) c.voice = std::move(*voice);
    }
  }
  if (const json::array* tools = r.opt_array(s, "tools")) c.tools = decode_tools(*tools, r);
  return c;
}

}  // namespace voxgate::realtime::detail
