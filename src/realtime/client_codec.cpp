// Client events (voxgate -> AI): encode for voxgate, parse for the servers
// (fakeai, local agent). PROTOCOLS.md "Client events voxgate sends".

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <cstring>

#include "audio/base64.hpp"
#include "realtime/codec.hpp"
#include "realtime/field_reader.hpp"
#include "realtime/session_codec.hpp"

namespace voxgate::realtime {
namespace {

using detail::FieldReader;
namespace json = boost::json;

// Assistant text is model output: GA calls the part "output_text", beta "text".
std::string_view content_part_type(std::string_view role, Dialect dialect) {
  if (role != "assistant") return "input_text";
  return dialect == Dialect::kGA ? "output_text" : "text";
}

struct ClientEncoder {
  Dialect dialect;

  json::object operator()(const SessionUpdate& e) const {
    return {{"type", "session.update"}, {"session", detail::encode_session(e.session, dialect)}};
  }
  json::object operator()(const AudioAppend& e) const {
    return {{"type", "input_audio_buffer.append"}, {"audio", e.audio_b64}};
  }
  json::object operator()(const AudioCommit&) const {
    return {{"type", "input_audio_buffer.commit"}};
  }
  json::object operator()(const AudioClear&) const {
    return {{"type", "input_audio_buffer.clear"}};
  }
  json::object operator()(const ItemCreateMessage& e) const {
    json::object part{{"type", content_part_type(e.role, dialect)}, {"text", e.text}};
    json::object item{
        {"type", "message"}, {"role", e.role}, {"content", json::array{std::move(part)}}};
    return {{"type", "conversation.item.create"}, {"item", std::move(item)}};
  }
  json::object operator()(const ItemCreateFunctionOutput& e) const {
    json::object item{
        {"type", "function_call_output"}, {"call_id", e.call_id}, {"output", e.output}};
    return {{"type", "conversation.item.create"}, {"item", std::move(item)}};
  }
  json::object operator()(const ItemTruncate& e) const {
    return {{"type", "conversation.item.truncate"},
            {"item_id", e.item_id},
            {"content_index", e.content_index},
            {"audio_end_ms", e.audio_end_ms}};
  }
  json::object operator()(const ResponseCreate& e) const {
    json::object o{{"type", "response.create"}};
    if (e.instructions) o["response"] = json::object{{"instructions", *e.instructions}};
    return o;
  }
  json::object operator()(const ResponseCancel& e) const {
    json::object o{{"type", "response.cancel"}};
    if (e.response_id) o["response_id"] = *e.response_id;
    return o;
  }
};

// Any byte JSON must escape: '"', '\\' or a control character. Eight bytes a
// step (SWAR) because GCC -O2 does not vectorise the byte loop, which made
// this check cost more than the rest of encode_audio_append (see bench).
bool needs_json_escape(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  // Non-zero iff some byte of v is below n (n <= 128).
  auto has_less = [](uint64_t v, uint64_t n) { return (v - kOnes * n) & ~v & kHighs; };
  auto has_byte = [&](uint64_t v, char c) { return has_less(v ^ (kOnes * uint8_t(c)), 1); };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (has_less(w, 0x20) | has_byte(w, '"') | has_byte(w, '\\')) return true;
  }
  for (; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

ItemCreateMessage decode_message(const json::object& item, FieldReader& r) {
  ItemCreateMessage m;
  m.role = r.str(item, "role");
  // One text part is what voxgate sends; take the first part carrying text.
  if (const json::array* content = r.opt_array(item, "content")) {
    for (const json::value& part : *content) {
      if (!part.is_object()) {
        r.fail(ParseError::kWrongType);
        break;
      }
      if (part.get_object().contains("text")) {
        m.text = r.str(part.get_object(), "text");
        break;
      }
    }
  }
  return m;
}

common::Result<ClientEvent, ParseError> decode_item_create(const json::object& o, FieldReader& r) {
  const json::object& item = r.object(o, "item");
  std::string item_type = r.str(item, "type");
  if (!r.ok()) return common::unexpected(r.error());
  if (item_type == "function_call_output") {
    ItemCreateFunctionOutput f{r.str(item, "call_id"), r.str(item, "output")};
    if (!r.ok()) return common::unexpected(r.error());
    return ClientEvent{std::move(f)};
  }
  if (item_type != "message") return common::unexpected(ParseError::kWrongType);
  ItemCreateMessage m = decode_message(item, r);
  if (!r.ok()) return common::unexpected(r.error());
  return ClientEvent{std::move(m)};
}

common::Result<ClientEvent, ParseError> decode_client(std::string_view type, const json::object& o,
                                                      FieldReader& r) {
  ClientEvent e;
  if (type == "input_audio_buffer.append") {
    AudioAppend a{r.str(o, "audio")};
    if (r.ok() && !audio::base64_valid(a.audio_b64)) r.fail(ParseError::kBadBase64);
    e = std::move(a);
  } else if (type == "session.update") {
    e = SessionUpdate{detail::decode_session(r.object(o, "session"), r)};
  } else if (type == "input_audio_buffer.commit") {
    e = AudioCommit{};
  } else if (type == "input_audio_buffer.clear") {
    e = AudioClear{};
  } else if (type == "conversation.item.create") {
    return decode_item_create(o, r);
  } else if (type == "conversation.item.truncate") {
    e = ItemTruncate{r.str(o, "item_id"), r.opt_int(o, "content_index", 0),
                     r.int64(o, "audio_end_ms")};
  } else if (type == "response.create") {
    const json::object* resp = r.opt_object(o, "response");
    e = ResponseCreate{resp ? r.maybe_str(*resp, "instructions") : std::nullopt};
  } else if (type == "response.cancel") {
    e = ResponseCancel{r.maybe_str(o, "response_id")};
  } else {
    // Unlike server events, a server must refuse a client event it cannot act on.
    return common::unexpected(ParseError::kMissingType);
  }
  if (!r.ok()) return common::unexpected(r.error());
  return e;
}

}  // namespace

std::string encode(const ClientEvent& event, Dialect dialect) {
  return json::serialize(std::visit(ClientEncoder{dialect}, event));
}

std::string encode_audio_append(std::string_view audio_b64) {
  if (needs_json_escape(audio_b64))
    return encode(AudioAppend{std::string(audio_b64)}, Dialect::kGA);
  constexpr std::string_view kHead = R"({"type":"input_audio_buffer.append","audio":")";
  constexpr std::string_view kTail = R"("})";
  std::string out;
  out.reserve(kHead.size() + audio_b64.size() + kTail.size());
  out.append(kHead).append(audio_b64).append(kTail);
  return out;
}

common::Result<ClientEvent, ParseError> parse_client_event(std::string_view text) {
  unsigned char arena[4096];
  json::monotonic_resource mr(arena, sizeof arena);
  auto parsed = detail::parse_event_json(text, &mr);
  if (!parsed) return common::unexpected(parsed.error());
  FieldReader r;
  return decode_client(detail::event_type(*parsed), parsed->get_object(), r);
}

}  // namespace voxgate::realtime
