// Server events (GPT-Live -> voxgate): PROTOCOLS-LIVE 3. A missing required
// field or a wrong JSON type rejects the message; an unknown type is an
// Unknown event (SDKs are lenient, and so is voxgate).

#include <boost/json/monotonic_resource.hpp>

#include "audio/base64.hpp"
#include "live/codec.hpp"
#include "realtime/field_reader.hpp"

namespace voxgate::live {
namespace {

namespace json = boost::json;
using realtime::detail::FieldReader;
using Obj = json::object;

ServerEvent session_started(const Obj& o, FieldReader& r) {
  const Obj& s = r.object(o, "session");
  return SessionStarted{r.str(s, "id"), r.opt_int64(s, "expires_at", 0), r.opt_str(s, "model")};
}

ServerEvent audio_delta(const Obj& o, FieldReader& r) {
  OutputAudioDelta e{r.str(o, "delta")};
  if (r.ok() && !audio::base64_valid(e.delta_b64)) r.fail(ParseError::kBadBase64);
  return e;
}

ServerEvent transcript(Side side, const Obj& o, FieldReader& r) {
  return TranscriptDelta{side, r.str(o, "delta"), r.opt_int64(o, "start_ms", 0),
                         r.opt_int64(o, "end_ms", 0)};
}

ServerEvent delegation_created(const Obj& o, FieldReader& r) {
  const Obj& d = r.object(o, "delegation");
  return DelegationCreated{r.str(d, "id"), r.opt_str(d, "target")};
}

// PROTOCOLS-LIVE 6.1: only a completed function_call item is a call.
void output_item_done(const Obj& inner, FieldReader& r, BackendEvent& e) {
  const Obj& item = r.object(inner, "item");
  if (r.opt_str(item, "type") != "function_call" || r.opt_str(item, "status") != "completed") {
    return;
  }
  e.kind = BackendEvent::Kind::kFunctionCall;
  e.call_id = r.str(item, "call_id");
  e.name = r.str(item, "name");
  e.arguments = r.opt_str(item, "arguments");
}

// response.created/completed/failed/incomplete carry {response:{id,error?}}.
void response_end(BackendEvent::Kind kind, const Obj& inner, FieldReader& r, BackendEvent& e) {
  e.kind = kind;
  const Obj* resp = r.opt_object(inner, "response");
  if (resp == nullptr) return;
  e.response_id = r.opt_str(*resp, "id");
  if (const Obj* err = r.opt_object(*resp, "error")) {
    e.error_code = r.opt_str(*err, "code");
    e.error_message = r.opt_str(*err, "message");
  }
}

ServerEvent response_event(const Obj& o, FieldReader& r) {
  ResponseEvent out;
  out.delegation_id = r.maybe_str(o, "delegation_id");
  const Obj& inner = r.object(o, "event");
  BackendEvent& e = out.event;
  e.type = r.str(inner, "type");
  if (!r.ok()) return out;
  using K = BackendEvent::Kind;
  if (e.type == "response.output_item.done") {
    output_item_done(inner, r, e);
  } else if (e.type == "response.created") {
    response_end(K::kCreated, inner, r, e);
  } else if (e.type == "response.completed") {
    response_end(K::kCompleted, inner, r, e);
  } else if (e.type == "response.failed") {
    response_end(K::kFailed, inner, r, e);
  } else if (e.type == "response.incomplete") {
    response_end(K::kIncomplete, inner, r, e);
  }
  return out;
}

ServerEvent usage(const Obj& o, FieldReader& r) {
  const Obj* u = r.opt_object(o, "usage");
  return UsageUpdated{u ? r.opt_double(*u, "seconds", 0) : 0};
}

ServerEvent session_closed(const Obj& o, FieldReader& r) {
  const Obj* u = r.opt_object(o, "usage");
  return SessionClosed{r.opt_str(o, "reason"), u ? r.opt_double(*u, "seconds", 0) : 0};
}

ServerEvent error(const Obj& o, FieldReader& r) {
  const Obj& e = r.object(o, "error");
  return Error{r.opt_str(e, "type"), r.opt_str(e, "code"), r.opt_str(e, "message"),
               r.opt_str(e, "client_event_id")};
}

ServerEvent info(const Obj& o, FieldReader& r) {
  return Info{r.opt_str(o, "code"), r.opt_str(o, "message")};
}

bool is_ack(std::string_view type) {
  return type == "session.updated" || type == "session.input_audio.muted" ||
         type == "session.input_audio.unmuted" || type == "session.instructions.appended" ||
         type == "session.thinking.appended" || type == "session.commentary.appended";
}

ServerEvent decode(std::string_view type, const Obj& o, FieldReader& r) {
  if (type == "session.output_audio.delta") return audio_delta(o, r);
  if (type == "session.input_transcript.delta") return transcript(Side::kInput, o, r);
  if (type == "session.output_transcript.delta") return transcript(Side::kOutput, o, r);
  if (type == "response.event") return response_event(o, r);
  if (type == "session.started") return session_started(o, r);
  if (type == "session.delegation.created") return delegation_created(o, r);
  if (type == "session.usage.updated") return usage(o, r);
  if (type == "session.closed") return session_closed(o, r);
  if (type == "error") return error(o, r);
  if (type == "info") return info(o, r);
  if (is_ack(type)) return Ack{std::string(type)};
  return Unknown{std::string(type)};
}

}  // namespace

common::Result<ServerEvent, ParseError> parse_server_event(std::string_view text) {
  unsigned char arena[4096];
  json::monotonic_resource mr(arena, sizeof arena);
  auto parsed = realtime::detail::parse_event_json(text, &mr);
  if (!parsed) return common::unexpected(parsed.error());
  FieldReader r;
  ServerEvent e = decode(realtime::detail::event_type(*parsed), parsed->get_object(), r);
  if (!r.ok()) return common::unexpected(r.error());
  return e;
}

}  // namespace voxgate::live
