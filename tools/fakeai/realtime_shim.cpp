// TEMPORARY SHIM -- see realtime_shim.hpp. Delete with the header.
#include "fakeai/realtime_shim.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iterator>

namespace voxgate::fakeai::shim {
namespace json = boost::json;

namespace {

std::string str_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

common::Result<ClientEvent, ParseError> parse_item_create(const json::object& o) {
  auto it = o.find("item");
  if (it == o.end() || !it->value().is_object())
    return common::unexpected(ParseError::kMissingField);
  const auto& item = it->value().get_object();
  if (str_field(item, "type") == "function_call_output")
    return ClientEvent{
        ItemCreateFunctionOutput{str_field(item, "call_id"), str_field(item, "output")}};
  std::string text;
  if (auto c = item.find("content"); c != item.end() && c->value().is_array()) {
    for (const auto& part : c->value().get_array())
      if (part.is_object()) text += str_field(part.get_object(), "text");
  }
  return ClientEvent{ItemCreateMessage{str_field(item, "role"), text}};
}

}  // namespace

common::Result<ClientEvent, ParseError> parse_client_event(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return common::unexpected(ParseError::kInvalidJson);
  const auto& o = v.get_object();
  const std::string type = str_field(o, "type");
  if (type.empty()) return common::unexpected(ParseError::kMissingType);
  if (type == "session.update") return ClientEvent{SessionUpdate{}};
  if (type == "input_audio_buffer.append") {
    if (!o.contains("audio")) return common::unexpected(ParseError::kMissingField);
    return ClientEvent{AudioAppend{str_field(o, "audio")}};
  }
  if (type == "input_audio_buffer.commit") return ClientEvent{AudioCommit{}};
  if (type == "input_audio_buffer.clear") return ClientEvent{AudioClear{}};
  if (type == "conversation.item.create") return parse_item_create(o);
  if (type == "conversation.item.truncate") {
    ItemTruncate t{str_field(o, "item_id"), 0, 0};
    if (auto it = o.find("audio_end_ms"); it != o.end() && it->value().is_number())
      t.audio_end_ms = it->value().to_number<int64_t>();
    else
      return common::unexpected(ParseError::kMissingField);
    return ClientEvent{t};
  }
  if (type == "response.create") {
    ResponseCreate r;
    if (auto it = o.find("response"); it != o.end() && it->value().is_object()) {
      auto s = str_field(it->value().get_object(), "instructions");
      if (!s.empty()) r.instructions = s;
    }
    return ClientEvent{r};
  }
  if (type == "response.cancel") {
    ResponseCancel c;
    auto id = str_field(o, "response_id");
    if (!id.empty()) c.response_id = id;
    return ClientEvent{c};
  }
  return common::unexpected(ParseError::kUnknownType);
}

namespace {

struct Encoder {
  bool ga;
  json::object operator()(const SessionCreated&) const {
    return {{"type", "session.created"}, {"session", json::object{{"id", "sess_fake"}}}};
  }
  json::object operator()(const SessionUpdated&) const {
    return {{"type", "session.updated"}, {"session", json::object{{"id", "sess_fake"}}}};
  }
  json::object operator()(const SpeechStarted& e) const {
    return {{"type", "input_audio_buffer.speech_started"},
            {"audio_start_ms", e.audio_start_ms},
            {"item_id", e.item_id}};
  }
  json::object operator()(const SpeechStopped& e) const {
    return {{"type", "input_audio_buffer.speech_stopped"},
            {"audio_end_ms", e.audio_end_ms},
            {"item_id", e.item_id}};
  }
  json::object operator()(const AudioCommitted& e) const {
    return {{"type", "input_audio_buffer.committed"}, {"item_id", e.item_id}};
  }
  json::object operator()(const ItemAdded& e) const {
    return {{"type", ga ? "conversation.item.added" : "conversation.item.created"},
            {"item", json::object{{"id", e.item_id}, {"type", e.type}, {"role", e.role}}}};
  }
  json::object operator()(const ResponseCreated& e) const {
    return {{"type", "response.created"},
            {"response", json::object{{"id", e.response_id}, {"status", "in_progress"}}}};
  }
  json::object operator()(const AudioDelta& e) const {
    return {{"type", ga ? "response.output_audio.delta" : "response.audio.delta"},
            {"response_id", e.response_id},
            {"item_id", e.item_id},
            {"output_index", e.output_index},
            {"content_index", e.content_index},
            {"delta", e.delta_b64}};
  }
  json::object operator()(const AudioDone& e) const {
    return {{"type", ga ? "response.output_audio.done" : "response.audio.done"},
            {"response_id", e.response_id},
            {"item_id", e.item_id}};
  }
  json::object operator()(const TranscriptDelta& e) const {
    return {
        {"type", ga ? "response.output_audio_transcript.delta" : "response.audio_transcript.delta"},
        {"response_id", e.response_id},
        {"item_id", e.item_id},
        {"delta", e.delta}};
  }
  json::object operator()(const TranscriptDone& e) const {
    return {
        {"type", ga ? "response.output_audio_transcript.done" : "response.audio_transcript.done"},
        {"response_id", e.response_id},
        {"item_id", e.item_id},
        {"transcript", e.transcript}};
  }
  json::object operator()(const InputTranscription& e) const {
    return {{"type", e.is_final ? "conversation.item.input_audio_transcription.completed"
                                : "conversation.item.input_audio_transcription.delta"},
            {"item_id", e.item_id},
            {e.is_final ? "transcript" : "delta", e.transcript}};
  }
  json::object operator()(const FunctionCallArgumentsDone& e) const {
    return {{"type", "response.function_call_arguments.done"},
            {"response_id", e.response_id},
            {"item_id", e.item_id},
            {"call_id", e.call_id},
            {"name", e.name},
            {"arguments", e.arguments}};
  }
  json::object operator()(const OutputItemDone& e) const {
    return {{"type", "response.output_item.done"},
            {"item", json::object{{"id", e.item_id},
                                  {"type", e.type},
                                  {"name", e.name},
                                  {"call_id", e.call_id},
                                  {"arguments", e.arguments}}}};
  }
  json::object operator()(const ResponseDone& e) const {
    static constexpr const char* kStatus[] = {"completed", "cancelled",   "incomplete",
                                              "failed",    "in_progress", "unknown"};
    json::object details{{"reason", e.reason}};
    if (!e.error_code.empty())
      details["error"] = json::object{{"code", e.error_code}, {"message", e.error_message}};
    return {{"type", "response.done"},
            {"response", json::object{{"id", e.response_id},
                                      {"status", kStatus[static_cast<int>(e.status)]},
                                      {"status_details", details}}}};
  }
  json::object operator()(const ItemTruncated& e) const {
    return {{"type", "conversation.item.truncated"},
            {"item_id", e.item_id},
            {"content_index", 0},
            {"audio_end_ms", e.audio_end_ms}};
  }
  json::object operator()(const RateLimitsUpdated&) const {
    return {{"type", "rate_limits.updated"}, {"rate_limits", json::array{}}};
  }
  json::object operator()(const Error& e) const {
    return {{"type", "error"},
            {"error", json::object{{"type", e.type},
                                   {"code", e.code},
                                   {"message", e.message},
                                   {"param", e.param},
                                   {"event_id", e.event_id}}}};
  }
  json::object operator()(const Unknown& e) const { return {{"type", e.type}}; }
};

}  // namespace

std::string encode(const ServerEvent& ev, Dialect dialect) {
  return json::serialize(std::visit(Encoder{dialect == Dialect::kGA}, ev));
}

std::string base64_encode(std::string_view bytes) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::encoded_size(bytes.size()), '\0');
  out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::decoded_size(text.size()), '\0');
  auto [written, read] = b64::decode(out.data(), text.data(), text.size());
  if (read != text.size()) return std::nullopt;
  out.resize(written);
  return out;
}

// ITU-T G.711 mu-law.
int16_t ulaw_to_linear(uint8_t u) {
  u = static_cast<uint8_t>(~u);
  int t = ((u & 0x0F) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return static_cast<int16_t>((u & 0x80) ? (0x84 - t) : (t - 0x84));
}

uint8_t linear_to_ulaw(int16_t pcm) {
  constexpr int kBias = 0x84, kClip = 32635;
  int sign = (pcm >> 8) & 0x80;
  int v = sign ? -static_cast<int>(pcm) : pcm;
  if (v > kClip) v = kClip;
  v += kBias;
  int exponent = 7;
  for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  int mantissa = (v >> (exponent + 3)) & 0x0F;
  return static_cast<uint8_t>(~(sign | (exponent << 4) | mantissa));
}

common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::unexpected(WavError::kOpen);
  std::string d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto u16 = [&](size_t p) { return uint16_t(uint8_t(d[p]) | uint8_t(d[p + 1]) << 8); };
  auto u32 = [&](size_t p) { return uint32_t(u16(p)) | uint32_t(u16(p + 2)) << 16; };
  if (d.size() < 12 || d.compare(0, 4, "RIFF") != 0 || d.compare(8, 4, "WAVE") != 0)
    return common::unexpected(WavError::kFormat);
  bool fmt_ok = false;
  for (size_t p = 12; p + 8 <= d.size();) {
    uint32_t len = u32(p + 4);
    if (d.compare(p, 4, "fmt ") == 0 && p + 24 <= d.size())
      fmt_ok = u16(p + 8) == 1 && u16(p + 10) == 1 && u32(p + 12) == 8000 && u16(p + 22) == 16;
    if (d.compare(p, 4, "data") == 0) {
      if (!fmt_ok) break;
      size_t n = std::min<size_t>(len, d.size() - p - 8) / 2;
      std::vector<int16_t> s(n);
      for (size_t i = 0; i < n; ++i) s[i] = static_cast<int16_t>(u16(p + 8 + 2 * i));
      return s;
    }
    p += 8 + len + (len & 1);
  }
  return common::unexpected(WavError::kFormat);
}

}  // namespace voxgate::fakeai::shim
